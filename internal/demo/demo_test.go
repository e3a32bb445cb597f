package demo

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestGenerateIsDeterministic(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	pathsA, err := Generate(dirA, Options{Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	pathsB, err := Generate(filepath.Join(dirB, "nested", "dir"), Options{Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	if len(pathsA) != len(pathsB) {
		t.Fatalf("%d paths, then %d", len(pathsA), len(pathsB))
	}
	for i := range pathsA {
		if filepath.Base(pathsA[i]) != filepath.Base(pathsB[i]) {
			t.Errorf("path %d: %s, then %s", i, pathsA[i], pathsB[i])
		}
	}
	filesA, filesB := readDir(t, dirA), readDir(t, filepath.Join(dirB, "nested", "dir"))
	if !slices.Equal(sortedKeys(filesA), sortedKeys(filesB)) {
		t.Fatalf("files %v, then %v", sortedKeys(filesA), sortedKeys(filesB))
	}
	for name, a := range filesA {
		if !bytes.Equal(a, filesB[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}

	other := readDir(t, filepath.Dir(generate(t, Options{Seed: 43})["areas_trdar.cp949.csv"]))
	if bytes.Equal(filesA["sales_trdar.utf8bom.csv"], other["sales_trdar.utf8bom.csv"]) {
		t.Error("seeds 42 and 43 give the same sales file")
	}
}

func TestGenerateLoadOrder(t *testing.T) {
	dir := t.TempDir()
	paths, err := Generate(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range paths {
		if filepath.Dir(p) != dir {
			t.Errorf("%s is not in %s", p, dir)
		}
		got = append(got, filepath.Base(p))
	}
	want := []string{"areas_trdar.cp949.csv", "areas_trdar_polygons.shp", "areas_dong.json"}
	if !slices.Equal(got[:3], want) {
		t.Errorf("first paths %v, want %v", got[:3], want)
	}
	written := readDir(t, dir)
	for _, name := range got {
		if _, ok := written[name]; !ok {
			t.Errorf("%s returned but not written", name)
		}
	}
	for _, ext := range []string{".shx", ".dbf", ".prj", ".cpg"} {
		if _, ok := written["areas_trdar_polygons"+ext]; !ok {
			t.Errorf("areas_trdar_polygons%s not written", ext)
		}
	}
	if len(written) != len(got)+4 {
		t.Errorf("%d files written, want the %d returned and 4 shapefile parts", len(written), len(got))
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name     string
		opt      Options
		wantErr  string
		areas    int // rows in areas_trdar
		quarters []string
	}{
		{name: "defaults", opt: Options{}, areas: 120, quarters: defaultQuarters()},
		{name: "one district", opt: Options{Districts: 1, Quarters: []string{"20231"}}, areas: 1, quarters: []string{"20231"}},
		{name: "quarters sorted", opt: Options{Districts: 40, Quarters: []string{"20252", "20191"}}, areas: 40, quarters: []string{"20191", "20252"}},
		{name: "negative districts", opt: Options{Districts: -1}, wantErr: "districts"},
		{name: "too many districts", opt: Options{Districts: 10000}, wantErr: "districts"},
		{name: "quarter 5", opt: Options{Quarters: []string{"20235"}}, wantErr: "quarter"},
		{name: "quarter with Q", opt: Options{Quarters: []string{"2023Q1"}}, wantErr: "quarter"},
		{name: "quarter twice", opt: Options{Quarters: []string{"20231", "20231"}}, wantErr: "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths, err := Generate(t.TempDir(), tt.opt)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := len(readTable(t, paths[0]).rows); got != tt.areas {
				t.Errorf("%d districts, want %d", got, tt.areas)
			}
			var got []string
			for _, row := range readTable(t, paths[4]).rows { // foot traffic: one row per quarter and district
				if len(got) == 0 || got[len(got)-1] != row[0] {
					got = append(got, row[0])
				}
			}
			if !slices.Equal(got, tt.quarters) {
				t.Errorf("quarters %v, want %v", got, tt.quarters)
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Generate(dir, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// readDir returns the contents of every file in dir by name.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
