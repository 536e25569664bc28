package hub

import "context"

// addHTTPSHead adds the HTTPS registry head (hub/httpshead).
func (s *Server) addHTTPSHead(ctx context.Context) error {
	return nil
}
