package core

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Rights is a set of IoT Hub permissions, as granted to a shared access policy.
type Rights uint8

// The four IoT Hub permissions.
const (
	RegistryRead Rights = 1 << iota
	RegistryWrite
	ServiceConnect
	DeviceConnect
)

var rightNames = []struct {
	right Rights
	name  string
}{
	{RegistryRead, "RegistryRead"},
	{RegistryWrite, "RegistryWrite"},
	{ServiceConnect, "ServiceConnect"},
	{DeviceConnect, "DeviceConnect"},
}

// Has reports whether r grants want. RegistryWrite implies RegistryRead, as on
// Azure.
func (r Rights) Has(want Rights) bool {
	if r&RegistryWrite != 0 {
		r |= RegistryRead
	}
	return r&want == want
}

// String writes the rights as Azure does: "RegistryRead, ServiceConnect".
func (r Rights) String() string {
	var names []string
	for _, n := range rightNames {
		if r&n.right != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, ", ")
}

// ParseRights reads Azure's comma-separated form, case-insensitively.
func ParseRights(s string) (Rights, error) {
	var r Rights
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		right, ok := rightByName(part)
		if !ok {
			return 0, fmt.Errorf("rights %q: unknown permission %q (want RegistryRead, RegistryWrite, ServiceConnect, DeviceConnect)", s, part)
		}
		r |= right
	}
	return r, nil
}

func rightByName(name string) (Rights, bool) {
	for _, n := range rightNames {
		if strings.EqualFold(n.name, name) {
			return n.right, true
		}
	}
	return 0, false
}

// SharedAccessPolicy is a hub-level shared access policy: a key name, two keys
// and the rights they grant.
type SharedAccessPolicy struct {
	KeyName      string
	PrimaryKey   string
	SecondaryKey string
	Rights       Rights
}

// DefaultPolicies are the policies every new IoT hub has (without keys).
func DefaultPolicies() []SharedAccessPolicy {
	return []SharedAccessPolicy{
		{KeyName: "iothubowner", Rights: RegistryRead | RegistryWrite | ServiceConnect | DeviceConnect},
		{KeyName: "service", Rights: ServiceConnect},
		{KeyName: "device", Rights: DeviceConnect},
		{KeyName: "registryRead", Rights: RegistryRead},
		{KeyName: "registryReadWrite", Rights: RegistryRead | RegistryWrite},
	}
}

// policy is a SharedAccessPolicy with its keys decoded once.
type policy struct {
	SharedAccessPolicy
	keys [][]byte
}

func newPolicy(p SharedAccessPolicy, gen *keyGenerator) (*policy, error) {
	if p.KeyName == "" {
		return nil, fmt.Errorf("shared access policy: empty key name")
	}
	var err error
	if p.PrimaryKey, p.SecondaryKey, err = gen.fill(p.PrimaryKey, p.SecondaryKey); err != nil {
		return nil, fmt.Errorf("shared access policy %q: %w", p.KeyName, err)
	}
	keys, err := decodeKeys(p.PrimaryKey, p.SecondaryKey)
	if err != nil {
		return nil, fmt.Errorf("shared access policy %q: %w", p.KeyName, err)
	}
	return &policy{SharedAccessPolicy: p, keys: keys}, nil
}

// decodeKeys decodes base64 symmetric keys of 16 to 64 bytes, Azure's rule.
func decodeKeys(primary, secondary string) ([][]byte, error) {
	keys := make([][]byte, 0, 2)
	for _, k := range []struct{ name, value string }{{"primary", primary}, {"secondary", secondary}} {
		b, err := base64.StdEncoding.DecodeString(k.value)
		if err != nil {
			return nil, fmt.Errorf("%s key is not valid base64", k.name)
		}
		if len(b) < 16 || len(b) > 64 {
			return nil, fmt.Errorf("%s key must decode to 16-64 bytes, not %d", k.name, len(b))
		}
		keys = append(keys, b)
	}
	return keys, nil
}
