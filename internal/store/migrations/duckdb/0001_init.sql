-- 0001: releases, the live slices, and one table per published dataset.
-- Every data row keeps the release it came from and its line in that file;
-- each slice of a dataset points at the release that is live for it.

CREATE SEQUENCE release_ids START 1;

CREATE TABLE releases (
    id          INTEGER PRIMARY KEY,
    dataset     VARCHAR NOT NULL,
    file        VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL UNIQUE,
    encoding    VARCHAR NOT NULL,
    rows        BIGINT NOT NULL,
    quarters    VARCHAR NOT NULL, -- JSON array of quarters, [] for undated datasets
    warnings    VARCHAR NOT NULL, -- JSON array of {code, message, count, first_line}
    ingested_at TIMESTAMP NOT NULL
);

-- A slice is what one release replaces of a dataset: a quarter ('20251'),
-- a quarter of one industry for the per-industry datasets ('20251/CS300002'),
-- or one district for the district tables ('3110001', '11110515').
CREATE TABLE slices (
    dataset    VARCHAR NOT NULL,
    slice      VARCHAR NOT NULL,
    release_id INTEGER NOT NULL,
    PRIMARY KEY (dataset, slice)
);

-- area_polygons: 영역-상권 Shapefile; geometry kept as GeoJSON in WGS84 and
-- WKB in the published EPSG:5181.
CREATE TABLE area_polygons (
    release_id INTEGER NOT NULL,
    line       INTEGER NOT NULL,
    code       VARCHAR NOT NULL,
    area_m2    DOUBLE NOT NULL,
    lon_min    DOUBLE NOT NULL,
    lat_min    DOUBLE NOT NULL,
    lon_max    DOUBLE NOT NULL,
    lat_max    DOUBLE NOT NULL,
    geojson    VARCHAR NOT NULL,
    wkb_5181   BLOB NOT NULL
);

-- areas: 서울시 상권분석서비스(영역-상권)
CREATE TABLE areas (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    type_code VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    x BIGINT NOT NULL,
    y BIGINT NOT NULL,
    gu_code VARCHAR NOT NULL,
    gu_name VARCHAR NOT NULL,
    dong_code VARCHAR NOT NULL,
    dong_name VARCHAR NOT NULL,
    area_m2 BIGINT NOT NULL,
    lon DOUBLE NOT NULL,
    lat DOUBLE NOT NULL
);

-- areas_dong: 서울시 상권분석서비스(영역-행정동)
CREATE TABLE areas_dong (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    dong_code VARCHAR NOT NULL,
    dong_name VARCHAR NOT NULL,
    x BIGINT NOT NULL,
    y BIGINT NOT NULL,
    area_m2 BIGINT NOT NULL,
    lon DOUBLE NOT NULL,
    lat DOUBLE NOT NULL
);

-- sales: 서울시 상권분석서비스(추정매출-상권)
CREATE TABLE sales (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    type_code VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    industry_code VARCHAR NOT NULL,
    industry_name VARCHAR NOT NULL,
    amount BIGINT NOT NULL,
    count BIGINT NOT NULL,
    weekday_amount BIGINT NOT NULL,
    weekend_amount BIGINT NOT NULL,
    mon_amount BIGINT NOT NULL,
    tue_amount BIGINT NOT NULL,
    wed_amount BIGINT NOT NULL,
    thu_amount BIGINT NOT NULL,
    fri_amount BIGINT NOT NULL,
    sat_amount BIGINT NOT NULL,
    sun_amount BIGINT NOT NULL,
    t00_06_amount BIGINT NOT NULL,
    t06_11_amount BIGINT NOT NULL,
    t11_14_amount BIGINT NOT NULL,
    t14_17_amount BIGINT NOT NULL,
    t17_21_amount BIGINT NOT NULL,
    t21_24_amount BIGINT NOT NULL,
    male_amount BIGINT NOT NULL,
    female_amount BIGINT NOT NULL,
    age10_amount BIGINT NOT NULL,
    age20_amount BIGINT NOT NULL,
    age30_amount BIGINT NOT NULL,
    age40_amount BIGINT NOT NULL,
    age50_amount BIGINT NOT NULL,
    age60_amount BIGINT NOT NULL,
    weekday_count BIGINT NOT NULL,
    weekend_count BIGINT NOT NULL,
    mon_count BIGINT NOT NULL,
    tue_count BIGINT NOT NULL,
    wed_count BIGINT NOT NULL,
    thu_count BIGINT NOT NULL,
    fri_count BIGINT NOT NULL,
    sat_count BIGINT NOT NULL,
    sun_count BIGINT NOT NULL,
    t00_06_count BIGINT NOT NULL,
    t06_11_count BIGINT NOT NULL,
    t11_14_count BIGINT NOT NULL,
    t14_17_count BIGINT NOT NULL,
    t17_21_count BIGINT NOT NULL,
    t21_24_count BIGINT NOT NULL,
    male_count BIGINT NOT NULL,
    female_count BIGINT NOT NULL,
    age10_count BIGINT NOT NULL,
    age20_count BIGINT NOT NULL,
    age30_count BIGINT NOT NULL,
    age40_count BIGINT NOT NULL,
    age50_count BIGINT NOT NULL,
    age60_count BIGINT NOT NULL
);

-- foot_traffic: 서울시 상권분석서비스(길단위인구-상권)
CREATE TABLE foot_traffic (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    type_code VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    total BIGINT NOT NULL,
    male_foot BIGINT NOT NULL,
    female_foot BIGINT NOT NULL,
    age10_foot BIGINT NOT NULL,
    age20_foot BIGINT NOT NULL,
    age30_foot BIGINT NOT NULL,
    age40_foot BIGINT NOT NULL,
    age50_foot BIGINT NOT NULL,
    age60_foot BIGINT NOT NULL,
    t00_06_foot BIGINT NOT NULL,
    t06_11_foot BIGINT NOT NULL,
    t11_14_foot BIGINT NOT NULL,
    t14_17_foot BIGINT NOT NULL,
    t17_21_foot BIGINT NOT NULL,
    t21_24_foot BIGINT NOT NULL,
    mon_foot BIGINT NOT NULL,
    tue_foot BIGINT NOT NULL,
    wed_foot BIGINT NOT NULL,
    thu_foot BIGINT NOT NULL,
    fri_foot BIGINT NOT NULL,
    sat_foot BIGINT NOT NULL,
    sun_foot BIGINT NOT NULL
);

-- stores: 서울시 상권분석서비스(점포-상권)
CREATE TABLE stores (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    type_code VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    industry_code VARCHAR NOT NULL,
    industry_name VARCHAR NOT NULL,
    stores BIGINT NOT NULL,
    similar_stores BIGINT NOT NULL,
    open_rate DOUBLE NOT NULL,
    opened BIGINT NOT NULL,
    close_rate DOUBLE NOT NULL,
    closed BIGINT NOT NULL,
    franchise_stores BIGINT NOT NULL
);

-- change_index: 서울시 상권분석서비스(상권변화지표-상권)
CREATE TABLE change_index (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    type_code VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    index_code VARCHAR NOT NULL,
    index_name VARCHAR NOT NULL,
    operating_months_avg BIGINT NOT NULL,
    closed_months_avg BIGINT NOT NULL,
    seoul_operating_months_avg BIGINT NOT NULL,
    seoul_closed_months_avg BIGINT NOT NULL
);

-- workers: 서울시 상권분석서비스(직장인구-상권)
CREATE TABLE workers (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    type_code VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    total BIGINT NOT NULL,
    male BIGINT NOT NULL,
    female BIGINT NOT NULL,
    age10_pop BIGINT NOT NULL,
    age20_pop BIGINT NOT NULL,
    age30_pop BIGINT NOT NULL,
    age40_pop BIGINT NOT NULL,
    age50_pop BIGINT NOT NULL,
    age60_pop BIGINT NOT NULL,
    age10_male BIGINT NOT NULL,
    age20_male BIGINT NOT NULL,
    age30_male BIGINT NOT NULL,
    age40_male BIGINT NOT NULL,
    age50_male BIGINT NOT NULL,
    age60_male BIGINT NOT NULL,
    age10_female BIGINT NOT NULL,
    age20_female BIGINT NOT NULL,
    age30_female BIGINT NOT NULL,
    age40_female BIGINT NOT NULL,
    age50_female BIGINT NOT NULL,
    age60_female BIGINT NOT NULL
);

-- residents: 서울시 상권분석서비스(상주인구-상권)
CREATE TABLE residents (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    type_code VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    total BIGINT NOT NULL,
    male BIGINT NOT NULL,
    female BIGINT NOT NULL,
    age10_pop BIGINT NOT NULL,
    age20_pop BIGINT NOT NULL,
    age30_pop BIGINT NOT NULL,
    age40_pop BIGINT NOT NULL,
    age50_pop BIGINT NOT NULL,
    age60_pop BIGINT NOT NULL,
    age10_male BIGINT NOT NULL,
    age20_male BIGINT NOT NULL,
    age30_male BIGINT NOT NULL,
    age40_male BIGINT NOT NULL,
    age50_male BIGINT NOT NULL,
    age60_male BIGINT NOT NULL,
    age10_female BIGINT NOT NULL,
    age20_female BIGINT NOT NULL,
    age30_female BIGINT NOT NULL,
    age40_female BIGINT NOT NULL,
    age50_female BIGINT NOT NULL,
    age60_female BIGINT NOT NULL,
    households BIGINT, -- NULL where the file has no household columns
    apartment_households BIGINT,
    non_apartment_households BIGINT
);

-- income: 서울시 상권분석서비스(소득소비-상권)
CREATE TABLE income (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    type_code VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    monthly_income_avg BIGINT NOT NULL,
    income_band BIGINT NOT NULL,
    spending_total BIGINT NOT NULL,
    spending_food BIGINT NOT NULL,
    spending_clothing BIGINT NOT NULL,
    spending_household_goods BIGINT NOT NULL,
    spending_medical BIGINT NOT NULL,
    spending_transport BIGINT NOT NULL,
    spending_leisure BIGINT NOT NULL,
    spending_culture BIGINT NOT NULL,
    spending_education BIGINT NOT NULL,
    spending_entertainment BIGINT NOT NULL
);

-- facilities: 서울시 상권분석서비스(집객시설-상권)
CREATE TABLE facilities (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    type_code VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    total BIGINT NOT NULL,
    government_offices BIGINT NOT NULL,
    banks BIGINT NOT NULL,
    general_hospitals BIGINT NOT NULL,
    hospitals BIGINT NOT NULL,
    pharmacies BIGINT NOT NULL,
    kindergartens BIGINT NOT NULL,
    elementary_schools BIGINT NOT NULL,
    middle_schools BIGINT NOT NULL,
    high_schools BIGINT NOT NULL,
    universities BIGINT NOT NULL,
    department_stores BIGINT NOT NULL,
    supermarkets BIGINT NOT NULL,
    theaters BIGINT NOT NULL,
    lodgings BIGINT NOT NULL,
    airports BIGINT NOT NULL,
    railway_stations BIGINT NOT NULL,
    bus_terminals BIGINT NOT NULL,
    subway_stations BIGINT NOT NULL,
    bus_stops BIGINT NOT NULL
);

-- apartments: 서울시 상권분석서비스(아파트-상권)
CREATE TABLE apartments (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    type_code VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    complexes BIGINT NOT NULL,
    area_under_66 BIGINT NOT NULL,
    area_66 BIGINT NOT NULL,
    area_99 BIGINT NOT NULL,
    area_132 BIGINT NOT NULL,
    area_165 BIGINT NOT NULL,
    price_under_1 BIGINT NOT NULL,
    price_1 BIGINT NOT NULL,
    price_2 BIGINT NOT NULL,
    price_3 BIGINT NOT NULL,
    price_4 BIGINT NOT NULL,
    price_5 BIGINT NOT NULL,
    price_6_plus BIGINT NOT NULL,
    area_avg_m2 BIGINT NOT NULL,
    price_avg BIGINT NOT NULL
);

-- foot_traffic_dong: 서울시 상권분석서비스(길단위인구-행정동)
CREATE TABLE foot_traffic_dong (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    dong_code VARCHAR NOT NULL,
    dong_name VARCHAR NOT NULL,
    total BIGINT NOT NULL,
    male_foot BIGINT NOT NULL,
    female_foot BIGINT NOT NULL,
    age10_foot BIGINT NOT NULL,
    age20_foot BIGINT NOT NULL,
    age30_foot BIGINT NOT NULL,
    age40_foot BIGINT NOT NULL,
    age50_foot BIGINT NOT NULL,
    age60_foot BIGINT NOT NULL,
    t00_06_foot BIGINT NOT NULL,
    t06_11_foot BIGINT NOT NULL,
    t11_14_foot BIGINT NOT NULL,
    t14_17_foot BIGINT NOT NULL,
    t17_21_foot BIGINT NOT NULL,
    t21_24_foot BIGINT NOT NULL,
    mon_foot BIGINT NOT NULL,
    tue_foot BIGINT NOT NULL,
    wed_foot BIGINT NOT NULL,
    thu_foot BIGINT NOT NULL,
    fri_foot BIGINT NOT NULL,
    sat_foot BIGINT NOT NULL,
    sun_foot BIGINT NOT NULL
);

-- sales_dong: 서울시 상권분석서비스(추정매출-행정동)
CREATE TABLE sales_dong (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    dong_code VARCHAR NOT NULL,
    dong_name VARCHAR NOT NULL,
    industry_code VARCHAR NOT NULL,
    industry_name VARCHAR NOT NULL,
    amount BIGINT NOT NULL,
    count BIGINT NOT NULL,
    weekday_amount BIGINT NOT NULL,
    weekend_amount BIGINT NOT NULL,
    mon_amount BIGINT NOT NULL,
    tue_amount BIGINT NOT NULL,
    wed_amount BIGINT NOT NULL,
    thu_amount BIGINT NOT NULL,
    fri_amount BIGINT NOT NULL,
    sat_amount BIGINT NOT NULL,
    sun_amount BIGINT NOT NULL,
    t00_06_amount BIGINT NOT NULL,
    t06_11_amount BIGINT NOT NULL,
    t11_14_amount BIGINT NOT NULL,
    t14_17_amount BIGINT NOT NULL,
    t17_21_amount BIGINT NOT NULL,
    t21_24_amount BIGINT NOT NULL,
    male_amount BIGINT NOT NULL,
    female_amount BIGINT NOT NULL,
    age10_amount BIGINT NOT NULL,
    age20_amount BIGINT NOT NULL,
    age30_amount BIGINT NOT NULL,
    age40_amount BIGINT NOT NULL,
    age50_amount BIGINT NOT NULL,
    age60_amount BIGINT NOT NULL,
    weekday_count BIGINT NOT NULL,
    weekend_count BIGINT NOT NULL,
    mon_count BIGINT NOT NULL,
    tue_count BIGINT NOT NULL,
    wed_count BIGINT NOT NULL,
    thu_count BIGINT NOT NULL,
    fri_count BIGINT NOT NULL,
    sat_count BIGINT NOT NULL,
    sun_count BIGINT NOT NULL,
    t00_06_count BIGINT NOT NULL,
    t06_11_count BIGINT NOT NULL,
    t11_14_count BIGINT NOT NULL,
    t14_17_count BIGINT NOT NULL,
    t17_21_count BIGINT NOT NULL,
    t21_24_count BIGINT NOT NULL,
    male_count BIGINT NOT NULL,
    female_count BIGINT NOT NULL,
    age10_count BIGINT NOT NULL,
    age20_count BIGINT NOT NULL,
    age30_count BIGINT NOT NULL,
    age40_count BIGINT NOT NULL,
    age50_count BIGINT NOT NULL,
    age60_count BIGINT NOT NULL
);

