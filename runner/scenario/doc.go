// Package scenario is hubspec's YAML front end: it reads scenario files into the
// runner's model, with every problem reported as file:line:col: message.
//
// A file holds one scenario per YAML document. Decoding walks yaml.v3 nodes, not
// structs, so that an unknown key gets a "did you mean", a wrong type says what was
// wanted, and every problem in a file is reported in one pass. ${VAR} references are
// expanded in values (never in keys) from --var, then the environment, then the
// scenario's vars block. A cleanly decoded scenario is then checked with runner.Check
// for impossible combinations.
//
// docs/scenarios.md is the reference of the format; a test keeps it in step with the
// keys this package accepts.
package scenario
