// config.go tells the user about a bad bookmarks-ls.toml: the analysis
// then uses the defaults, and the message names the file, line and key.

package lsp

// reportConfig shows a book's config error once per change. b.buildMu is
// held (it guards configErr).
func (s *Session) reportConfig(b *bookRoot, err error) {
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if msg == b.configErr {
		return
	}
	b.configErr = msg
	if msg == "" {
		return
	}
	if b.dir != "" {
		msg = b.dir + "/" + msg // the message starts with the config's name
	}
	text := "bookmarks-ls: " + msg + " (using the defaults)"
	s.env.log.Warn(text)
	s.env.showError(text)
}
