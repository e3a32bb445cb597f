package demo

import (
	"encoding/json"
	"os"
	"strings"
)

// writeAreasDong writes 영역-행정동 like the published areas_dong.json: the same
// DESCRIPTION, then one DATA object per 행정동 holding a district, keys in the
// published order, one object per line, no final newline.
func writeAreasDong(c *city, path string) error {
	var b strings.Builder
	b.WriteString("{\n\"DESCRIPTION\" : {\"ADSTRD_CD\":\"행정동_코드\",\"YDNTS_VALUE\":\"와이좌표_값\",\"XCNTS_VALUE\":\"엑스좌표_값\",\"RELM_AR\":\"영역_면적\",\"ADSTRD_NM\":\"행정동_명\"},\n\"DATA\" : [\n")
	for i, d := range c.dongs {
		if i > 0 {
			b.WriteString(",\n")
		}
		name, err := json.Marshal(d.name)
		if err != nil {
			return err
		}
		b.WriteString(`{"adstrd_cd":"` + d.code + `","relm_ar":` + itoa(d.area) +
			`,"ydnts_value":` + itoa(d.y) + `,"xcnts_value":` + itoa(d.x) +
			`,"adstrd_nm":` + string(name) + `}`)
	}
	b.WriteString("\n]\n}")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
