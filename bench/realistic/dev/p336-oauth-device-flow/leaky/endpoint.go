package deviceflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Sentinel errors matched by *OAuthError through errors.Is.
var (
	ErrAccessDenied = errors.New("deviceflow: access denied by user")
	ErrExpiredToken = errors.New("deviceflow: device code expired")
)

// Error codes from RFC 8628, section 3.5.
const (
	codeAuthorizationPending = "authorization_pending"
	codeSlowDown             = "slow_down"
	codeAccessDenied         = "access_denied"
	codeExpiredToken         = "expired_token"
)

// DeviceAuthorization is the device authorization response.
type DeviceAuthorization struct {
	DeviceCode      string
	UserCode        string
	VerificationURI string
	ExpiresIn       time.Duration
	Interval        time.Duration
}

// Token is an issued access token.
type Token struct {
	AccessToken, TokenType, RefreshToken string
	Expiry                               time.Time
}

// Endpoint is the authorization server.
type Endpoint interface {
	RequestCode(ctx context.Context, clientID string, scopes []string) (*DeviceAuthorization, error)
	PollToken(ctx context.Context, clientID, deviceCode string) (*Token, error)
}

// OAuthError is an error response from the authorization server.
type OAuthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

func (e *OAuthError) Error() string {
	return strings.TrimSuffix("oauth: "+e.Code+": "+e.Description, ": ")
}

// Is maps terminal error codes to ErrAccessDenied and ErrExpiredToken.
func (e *OAuthError) Is(target error) bool {
	return (target == ErrAccessDenied && e.Code == codeAccessDenied) ||
		(target == ErrExpiredToken && e.Code == codeExpiredToken)
}

// StatusError is an HTTP failure without a usable OAuth error body.
type StatusError struct{ StatusCode int }

func (e *StatusError) Error() string { return fmt.Sprintf("oauth: HTTP status %d", e.StatusCode) }

// temporary reports whether a request that failed with err may be retried.
func temporary(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.StatusCode >= 500 || se.StatusCode == http.StatusTooManyRequests
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// HTTPEndpoint talks to an authorization server; Client must be set.
type HTTPEndpoint struct {
	Client        *http.Client
	DeviceAuthURL string
	TokenURL      string
}

// RequestCode implements Endpoint.
func (h *HTTPEndpoint) RequestCode(ctx context.Context, clientID string, scopes []string) (*DeviceAuthorization, error) {
	var body struct {
		DeviceCode      string `json:"device_code"`
		UserCode        string `json:"user_code"`
		VerificationURI string `json:"verification_uri"`
		ExpiresIn       int    `json:"expires_in"`
		Interval        int    `json:"interval"`
	}
	form := url.Values{"client_id": {clientID}, "scope": {strings.Join(scopes, " ")}}
	if err := h.post(ctx, h.DeviceAuthURL, form, &body); err != nil {
		return nil, err
	}
	return &DeviceAuthorization{
		DeviceCode:      body.DeviceCode,
		UserCode:        body.UserCode,
		VerificationURI: body.VerificationURI,
		ExpiresIn:       time.Duration(body.ExpiresIn) * time.Second,
		Interval:        time.Duration(body.Interval) * time.Second,
	}, nil
}

// PollToken implements Endpoint.
func (h *HTTPEndpoint) PollToken(ctx context.Context, clientID, deviceCode string) (*Token, error) {
	var body struct {
		AccessToken  string `json:"access_token"`
		TokenType    string `json:"token_type"`
		RefreshToken string `json:"refresh_token"`
		ExpiresIn    int    `json:"expires_in"`
	}
	form := url.Values{
		"grant_type":  {"urn:ietf:params:oauth:grant-type:device_code"},
		"device_code": {deviceCode},
		"client_id":   {clientID},
	}
	if err := h.post(ctx, h.TokenURL, form, &body); err != nil {
		return nil, err
	}
	tok := &Token{AccessToken: body.AccessToken, TokenType: body.TokenType, RefreshToken: body.RefreshToken}
	if body.ExpiresIn > 0 {
		tok.Expiry = time.Now().Add(time.Duration(body.ExpiresIn) * time.Second)
	}
	return tok, nil
}

func (h *HTTPEndpoint) post(ctx context.Context, endpoint string, form url.Values, out interface{}) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := h.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("reading response: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var oe OAuthError
		if json.Unmarshal(data, &oe) == nil && oe.Code != "" {
			return &oe
		}
		return &StatusError{StatusCode: resp.StatusCode}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decoding response: %w", err)
	}
	return nil
}
