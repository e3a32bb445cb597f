// Korean (default) and English strings, and how indicator values read in each.
import { roleStrings } from './i18n-roles.js';

const strings = {
  ko: {
    title: '상생', subtitle: '서울 상권 지도', skip: '본문으로 건너뛰기', views: '화면', controls: '지도 설정',
    view_map: '지도', view_area: '내 가게·영역 분석', view_compare: '비교', view_rankings: '순위', view_hotspots: '핫스팟', view_recommend: '창업 입지 찾기',
    indicator: '지표', quarter: '분기', industry: '업종', all_industries: '전체 업종', search: '상권 검색', search_placeholder: '이름 또는 코드',
    search_results: '검색 결과', no_match: '일치하는 상권이 없습니다', map: '지도', map_label: '상권 지도',
    map_help: '지도에서 상권을 누르거나 검색하면 상권 보고서가 열립니다. 키보드: 검색창에서 ↓로 결과를 고르고 Enter.',
    loading: '불러오는 중…', no_data: '자료 없음', error: '오류', close: '닫기', print: '인쇄 / PDF 저장',
    legend: '범례', districts_n: '상권 {n}곳', colored: '{n}곳 색칠됨',
    area_help: '지도를 눌러 가게 위치를 찍고 반경을 정하거나, 다각형을 그리세요.', area_shape: '영역', area_circle: '반경', area_polygon: '다각형',
    lon: '경도', lat: '위도', radius: '반경(m)', run: '분석', show: '보기', area_undo: '점 지우기', area_clear: '다시 그리기',
    area_vertices: '꼭짓점 {n}개 (지도를 눌러 추가, 3개 이상 필요)', area_need_pin: '지도를 눌러 위치를 찍거나 경도·위도를 입력하세요.',
    area_need_polygon: '지도를 3번 이상 눌러 다각형을 그리세요.', area_m2: '면적', area_districts: '포함된 상권', weight: '비중', by_polygon: '면적 비율', by_centroid: '중심점',
    compare_codes: '상권 코드 (쉼표로 구분, 최대 4개)', run_compare: '비교', compare_need: '상권 코드를 1~4개 입력하세요.', compare_add: '비교에 추가',
    order: '정렬', order_desc: '높은 순', order_asc: '낮은 순', type: '유형', all: '전체', gu: '자치구', dong: '행정동', limit: '개수',
    below_min_stores: '유사 업종 점포가 {min}개 미만인 상권 {n}곳은 순위에서 뺐습니다.',
    rollups: '자치구·행정동 합계', level: '단위', rank: '순위', name: '이름', code: '코드', value: '값', districts: '상권 수',
    hotspots_help: '선택한 지표가 주변과 함께 높거나(핫스팟) 낮은(콜드스팟) 상권입니다. Getis-Ord Gi*, q < 0.05.', band: '거리 기준(m)',
    hot: '핫스팟', cold: '콜드스팟', none: '유의하지 않음', hot_n: '핫스팟 {n}곳', cold_n: '콜드스팟 {n}곳',
    recommend_help: '업종을 고르고, 원하면 주 고객(연령·성별·시간대)을 정하세요.', age: '연령대', sex: '성별', time: '시간대', any: '상관없음',
    run_recommend: '찾기', score: '점수', reasons: '이유', recommend_pick_industry: '업종을 고르세요.',
    male: '남성', female: '여성',
    report: '상권 보고서', key_figures: '핵심 지표', all_indicators: '모든 지표', formula: '산식', formula_of: '{name}의 산식',
    unit: '단위', version: '버전', source: '출처', columns: '원천 컬럼', flags: '표시', key: '키', doc_section: '문서',
    sales_by_quarter: '분기별 매출액', sales_by_day: '요일별 매출액', sales_by_time: '시간대별 매출액', sales_by_sex: '성별 매출액', sales_by_age: '연령대별 매출액',
    foot_by_time: '시간대별 유동인구', foot_by_day: '요일별 유동인구', stores_over_time: '점포·개업·폐업 추이', change_history: '상권변화지표 이력',
    stores_s: '유사 업종 점포', opened: '개업', closed: '폐업', operating_months: '운영 개월', closed_months: '폐업 개월',
    risk_light: '창업 위험 신호', evaluation: '상권평가지수', grade: '{n}등급', components: '구성 요소', similar: '비슷한 상권',
    growth: '성장성', stability: '안정성', sales_power: '영업력', purchasing_power: '구매력', attraction: '집객력',
    open_report: '보고서 열기', show_on_map: '지도에서 보기', quarter_fmt: '{y}년 {q}분기', no_polygon: '경계 없음(중심점)',
    attribution: '자료: 서울특별시, 서울 열린데이터광장 (서울시 상권분석서비스)', api_missing: '서버에 이 기능이 없습니다: {path}',
    days: '요일', bands: '시간대', type_A: '골목상권', type_D: '발달상권', type_R: '전통시장', type_U: '관광특구',
    published_rows: '공표 자료', industry_all_note: '전체 업종 합계',
    candidates: '후보 {n}곳', no_recommendation: '이 업종·분기에는 추천할 만큼 자료가 있는 상권이 없습니다. 다른 분기나 업종을 골라 보세요.',
    lower_better: '낮을수록 좋음', higher_better: '높을수록 좋음',
    numeric_only: '이 화면은 숫자 지표만 다룹니다. 위에서 숫자 지표(예: 추정 매출액)를 고르세요.', choose_industry: '— 업종 선택 —', not_listed: '추천 밖',
  },
  en: {
    title: 'Sangsaeng', subtitle: 'Seoul commercial districts', skip: 'Skip to content', views: 'Views', controls: 'Map settings',
    view_map: 'Map', view_area: 'My store / area', view_compare: 'Compare', view_rankings: 'Rankings', view_hotspots: 'Hotspots', view_recommend: 'Where to open',
    indicator: 'Indicator', quarter: 'Quarter', industry: 'Industry', all_industries: 'All industries', search: 'Find a district', search_placeholder: 'Name or code',
    search_results: 'Search results', no_match: 'No district matches', map: 'Map', map_label: 'Map of districts',
    map_help: 'Click a district on the map or search for one to open its report. Keyboard: press ↓ in the search box to pick a result, then Enter.',
    loading: 'Loading…', no_data: 'No data', error: 'Error', close: 'Close', print: 'Print / save as PDF',
    legend: 'Legend', districts_n: '{n} districts', colored: '{n} coloured',
    area_help: 'Click the map to put a pin at your store and choose a radius, or draw a polygon.', area_shape: 'Area', area_circle: 'Radius', area_polygon: 'Polygon',
    lon: 'Longitude', lat: 'Latitude', radius: 'Radius (m)', run: 'Analyse', show: 'Show', area_undo: 'Remove point', area_clear: 'Start over',
    area_vertices: '{n} points (click the map to add; 3 or more)', area_need_pin: 'Click the map to put a pin, or enter a longitude and latitude.',
    area_need_polygon: 'Click the map 3 or more times to draw a polygon.', area_m2: 'Area', area_districts: 'Districts in the area', weight: 'Weight', by_polygon: 'share of area', by_centroid: 'centroid',
    compare_codes: 'District codes (comma-separated, up to 4)', run_compare: 'Compare', compare_need: 'Enter 1 to 4 district codes.', compare_add: 'Add to comparison',
    order: 'Order', order_desc: 'Highest first', order_asc: 'Lowest first', type: 'Type', all: 'All', gu: 'District (gu)', dong: 'Neighbourhood (dong)', limit: 'Count',
    below_min_stores: '{n} districts with fewer than {min} similar stores are left out of the ranking.',
    rollups: 'Totals by gu and dong', level: 'Level', rank: 'Rank', name: 'Name', code: 'Code', value: 'Value', districts: 'Districts',
    hotspots_help: 'Districts where the indicator is high (hot) or low (cold) together with their neighbours. Getis-Ord Gi*, q < 0.05.', band: 'Distance band (m)',
    hot: 'Hot spot', cold: 'Cold spot', none: 'Not significant', hot_n: '{n} hot spots', cold_n: '{n} cold spots',
    recommend_help: 'Choose an industry and, optionally, your target customers (age, sex, time band).', age: 'Age group', sex: 'Sex', time: 'Time band', any: 'Any',
    run_recommend: 'Find', score: 'Score', reasons: 'Reasons', recommend_pick_industry: 'Choose an industry.',
    male: 'Male', female: 'Female',
    report: 'District report', key_figures: 'Key figures', all_indicators: 'All indicators', formula: 'Formula', formula_of: 'Formula of {name}',
    unit: 'Unit', version: 'Version', source: 'Source', columns: 'Source columns', flags: 'Flags', key: 'Key', doc_section: 'Document',
    sales_by_quarter: 'Sales by quarter', sales_by_day: 'Sales by day', sales_by_time: 'Sales by time band', sales_by_sex: 'Sales by sex', sales_by_age: 'Sales by age group',
    foot_by_time: 'Foot traffic by time band', foot_by_day: 'Foot traffic by day', stores_over_time: 'Stores, openings and closings', change_history: 'Change index history',
    stores_s: 'Similar stores', opened: 'Opened', closed: 'Closed', operating_months: 'Operating months', closed_months: 'Closed months',
    risk_light: 'Start-up risk light', evaluation: 'Evaluation score', grade: 'Grade {n}', components: 'Components', similar: 'Similar districts',
    growth: 'Growth', stability: 'Stability', sales_power: 'Sales power', purchasing_power: 'Purchasing power', attraction: 'Attraction',
    open_report: 'Open report', show_on_map: 'Show on map', quarter_fmt: 'Q{q} {y}', no_polygon: 'no boundary (centroid)',
    attribution: 'Data: Seoul Metropolitan Government, Seoul Open Data Plaza', api_missing: 'The server does not offer this: {path}',
    days: 'Day', bands: 'Time band', type_A: 'Alley market', type_D: 'Developed district', type_R: 'Traditional market', type_U: 'Tourist zone',
    published_rows: 'Published rows', industry_all_note: 'sum over all industries',
    candidates: '{n} candidates', no_recommendation: 'No district has enough data for this industry and quarter. Try another quarter or industry.',
    lower_better: 'lower is better', higher_better: 'higher is better',
    numeric_only: 'This view takes numeric indicators only. Choose one above (e.g. Estimated sales).', choose_industry: '— choose an industry —', not_listed: 'not listed',
  },
};

// English names of the indicators; Korean names come from the catalog.
const indicatorEn = {
  sales_amount: 'Estimated sales', sales_count: 'Number of sales', ticket_avg: 'Average ticket', sales_per_store: 'Sales per store',
  sales_qoq_pct: 'Sales change on previous quarter', sales_yoy_pct: 'Sales change on a year before', weekend_share: 'Weekend share of sales',
  peak_day: 'Peak sales day', peak_time_band: 'Peak sales time band', main_customer_sex: 'Main customer sex', main_customer_age: 'Main customer age',
  foot_traffic_total: 'Foot traffic', foot_traffic_per_km2: 'Foot traffic per km²', foot_traffic_qoq_pct: 'Foot traffic change on previous quarter',
  foot_traffic_yoy_pct: 'Foot traffic change on a year before', foot_traffic_peak_time_band: 'Busiest time band', foot_traffic_peak_day: 'Busiest day',
  workers: 'Workers', residents: 'Residents', monthly_income_avg: 'Average monthly income', income_band: 'Income band', spending_total: 'Total spending',
  facilities: 'Facilities drawing people', stores: 'Stores', similar_stores: 'Similar stores', franchise_stores: 'Franchise stores', franchise_share: 'Franchise share',
  opened_stores: 'Stores opened', closed_stores: 'Stores closed', open_rate: 'Opening rate', open_rate_published: 'Opening rate (published)',
  close_rate: 'Closing rate', close_rate_published: 'Closing rate (published)', net_store_change: 'Net store change',
  stores_qoq_pct: 'Store change on previous quarter', stores_yoy_pct: 'Store change on a year before',
  change_index: 'Change index', change_index_name: 'Change index name', change_index_reproduced: 'Change index (reproduced)',
  operating_months_avg: 'Operating months (avg)', closed_months_avg: 'Months before closing (avg)', seoul_operating_months_avg: 'Seoul operating months (avg)',
  seoul_closed_months_avg: 'Seoul months before closing (avg)', startup_risk: 'Start-up risk light', startup_risk_points: 'Start-up risk points',
  evaluation_growth: 'Growth', evaluation_stability: 'Stability', evaluation_sales_power: 'Sales power', evaluation_purchasing_power: 'Purchasing power',
  evaluation_attraction: 'Attraction', evaluation_score: 'Evaluation score', evaluation_grade: 'Evaluation grade',
  saturation: 'Saturation (stores per 10k passers-by)', saturation_seoul_median: 'Saturation, Seoul median', saturation_vs_seoul_pct: 'Saturation vs Seoul median',
  saturation_per_km2: 'Stores per km²', saturation_per_km2_seoul_median: 'Stores per km², Seoul median', saturation_per_km2_vs_seoul_pct: 'Stores per km² vs Seoul median',
  vitality_index: 'Vitality index',
};

// Fallback Korean names, used until the catalog has loaded or where it lacks a key.
const indicatorKo = {
  sales_amount: '추정 매출액', ticket_avg: '객단가', sales_per_store: '점포당 매출액', foot_traffic_total: '총 유동인구', startup_risk: '창업 위험 신호',
  evaluation_score: '상권평가지수', evaluation_grade: '상권평가 등급', similar_stores: '유사 업종 점포 수', open_rate: '개업률', close_rate: '폐업률',
  vitality_index: '상권 활력지수',
};

const labels = {
  ko: {
    mon: '월', tue: '화', wed: '수', thu: '목', fri: '금', sat: '토', sun: '일',
    male: '남성', female: '여성', '60+': '60대 이상', borderline: '판정 불가',
    HH: 'HH 정체', HL: 'HL 상권축소', LH: 'LH 상권확장', LL: 'LL 다이나믹',
    '주의': '주의', '의심': '의심', '위험': '위험', '고위험': '고위험',
  },
  en: {
    mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun',
    male: 'Male', female: 'Female', '60+': '60 and over', borderline: 'undecidable',
    HH: 'HH stagnant', HL: 'HL shrinking', LH: 'LH expanding', LL: 'LL dynamic',
    '주의': 'Caution', '의심': 'Watch', '위험': 'Danger', '고위험': 'High danger',
    '정체': 'stagnant', '상권축소': 'shrinking', '상권확장': 'expanding', '다이나믹': 'dynamic',
  },
};

const unitText = {
  ko: { KRW: '원', count: '건', persons: '명', months: '개월', band: '구간', grade: '등급', '%': '%', points: '점', 'persons/km²': '명/km²', 'stores/10k persons': '개/유동인구 1만 명', 'stores/km²': '개/km²', index: '', label: '' },
  en: { KRW: 'KRW', count: '', persons: 'persons', months: 'months', band: '', grade: '', '%': '%', points: 'points', 'persons/km²': 'persons/km²', 'stores/10k persons': 'stores per 10k passers-by', 'stores/km²': 'stores/km²', index: '', label: '' },
};

const flagText = {
  ko: {
    no_data: '자료 없음', no_previous: '비교 분기 자료 없음', zero_denominator: '분모 0', zero_total: '모두 0', tie: '동률',
    small_base: '점포 3개 미만', publisher_inconsistent: '공표 합계 불일치', rate_mismatch: '공표 비율 불일치', not_published: '공표 비율 없음',
    borderline: '판정 불가', operating_at_seoul_avg: '운영 개월 = 서울 평균', closed_at_seoul_avg: '폐업 개월 = 서울 평균',
    label_mismatch: '공표 지표와 다름', unknown_label: '알 수 없는 값', fallback: '대체 지표 사용', partial: '일부 입력만',
    no_peers: '비교 상권 없음', no_city_data: '서울 자료 없음', not_finite: '계산 불가',
    from_dong: '행정동 값', industries_differ: '매출·점포 업종 다름',
  },
  en: {
    no_data: 'no data', no_previous: 'no earlier quarter', zero_denominator: 'divides by zero', zero_total: 'all zero', tie: 'tie',
    small_base: 'under 3 stores', publisher_inconsistent: 'published totals differ', rate_mismatch: 'published rate differs', not_published: 'no published rate',
    borderline: 'undecidable', operating_at_seoul_avg: 'operating months = Seoul', closed_at_seoul_avg: 'closed months = Seoul',
    label_mismatch: 'differs from published', unknown_label: 'unknown label', fallback: 'fallback metric', partial: 'partial inputs',
    no_peers: 'no peers', no_city_data: 'no city data', not_finite: 'not finite',
    from_dong: 'value of its dong', industries_differ: 'sales and stores differ in industries',
  },
};

// flagName is a flag of docs/indicators.md in words; the code stays in the title.
export function flagName(f) { return flagText[lang][f] || f; }

Object.assign(strings.ko, roleStrings.ko);
Object.assign(strings.en, roleStrings.en);

let lang = 'ko';
let catalogNames = {};

export function setLang(l) { lang = l === 'en' ? 'en' : 'ko'; }
export function getLang() { return lang; }
export function setCatalogNames(names) { catalogNames = names; }

// t returns the string for key in the current language, with {name} filled from vars.
export function t(key, vars) {
  let s = strings[lang][key] ?? strings.ko[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace('{' + k + '}', v);
  return s;
}

export function indicatorName(key) {
  if (lang === 'en') return indicatorEn[key] || key;
  return catalogNames[key] || indicatorKo[key] || indicatorEn[key] || key;
}

export function unitName(unit) {
  const u = unitText[lang][unit];
  return u === undefined ? unit : u;
}

// label turns a label value (mon, 17-21, HH, 주의, …) into words of the current language.
export function label(v) {
  if (v == null) return '';
  const s = String(v);
  const m = labels[lang][s];
  if (m) return m;
  if (/^[0-9]0$/.test(s)) return lang === 'en' ? s + 's' : s + '대';
  return s;
}

export function dayName(d) { return label(d); }

export function quarterName(q) {
  if (!q || q.length !== 5) return q || '';
  return t('quarter_fmt', { y: q.slice(0, 4), q: q.slice(4) });
}

let nfCache = {};
// formatNumber writes a number with thousands separators, keeping the served decimals.
export function formatNumber(v) {
  if (typeof v !== 'number' || !isFinite(v)) return String(v);
  const loc = lang === 'en' ? 'en-US' : 'ko-KR';
  const f = nfCache[loc] || (nfCache[loc] = new Intl.NumberFormat(loc, { maximumFractionDigits: 3 }));
  return f.format(v);
}

// won writes an integer amount of won with thousands separators (12,000원, KRW 12,000).
export function won(v) {
  if (typeof v !== 'number' || !Number.isInteger(v)) return '–';
  return t('won', { n: v.toLocaleString(lang === 'en' ? 'en-US' : 'ko-KR') });
}

// approxKRW gives a short reading of a large amount of won (12.3억 원, KRW 1.23 bn).
export function approxKRW(v) {
  if (typeof v !== 'number' || Math.abs(v) < 10000) return '';
  const a = Math.abs(v);
  if (lang === 'en') {
    if (a >= 1e9) return `≈ KRW ${(v / 1e9).toFixed(2)} bn`;
    if (a >= 1e6) return `≈ KRW ${(v / 1e6).toFixed(1)} m`;
    return `≈ KRW ${(v / 1e3).toFixed(0)} k`;
  }
  if (a >= 1e8) return `약 ${(v / 1e8).toFixed(1)}억 원`;
  return `약 ${Math.round(v / 1e4).toLocaleString('ko-KR')}만 원`;
}

// compact is for chart axes and bar labels.
export function compact(v) {
  if (typeof v !== 'number' || !isFinite(v)) return '';
  const a = Math.abs(v);
  if (lang === 'ko') {
    if (a >= 1e8) return (v / 1e8).toFixed(a >= 1e9 ? 0 : 1) + '억';
    if (a >= 1e4) return (v / 1e4).toFixed(a >= 1e5 ? 0 : 1) + '만';
  } else {
    if (a >= 1e9) return (v / 1e9).toFixed(1) + 'bn';
    if (a >= 1e6) return (v / 1e6).toFixed(1) + 'm';
    if (a >= 1e4) return (v / 1e3).toFixed(0) + 'k';
  }
  return formatNumber(Math.round(v * 100) / 100);
}

// valueText is how an indicator value reads in the current language (without its unit).
export function valueText(v, unit) {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return formatNumber(v);
  if (unit === 'label') return label(v);
  return String(v);
}

// applyStatic translates the elements of the page that carry data-i18n attributes.
export function applyStatic(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  document.title = `${t('title')} · ${t('subtitle')}`;
}
