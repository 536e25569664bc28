package scenario

import (
	"flag"
	"strings"

	"gopkg.in/yaml.v3"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the FuzzLoad seeds from the examples")

func yamlDecoder(src string) *yaml.Decoder {
	return yaml.NewDecoder(strings.NewReader(src))
}
