package scenario

import "flag"

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the FuzzLoad seeds from the examples")
