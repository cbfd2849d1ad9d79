package pages

import (
	"net/http"
	"net/url"
)

// account is the login part of a page's header: a log-in link for who is
// not logged in, a log-out button for who is; nothing without a login.
type account struct {
	User      string
	LoginHref string
}

func (p *pages) account(r *http.Request) account {
	if p.opts.Login == nil {
		return account{}
	}
	if u := p.opts.Login.User(r); u != "" {
		return account{User: u}
	}
	return account{LoginHref: "/login?" + url.Values{"next": {r.URL.RequestURI()}}.Encode()}
}
