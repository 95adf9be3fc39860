package vault

import (
	"context"
	"encoding/json"
	"fmt"
)

func (c *Client) login() {
	ctx, cancel := context.WithTimeout(c.ctx, c.timeout)
	defer cancel()
	req, _ := json.Marshal(map[string]string{"role_id": c.creds.RoleID, "secret_id": c.creds.SecretID})
	status, body, err := c.tr.Do(ctx, "POST", "/v1/auth/approle/login", "", req)
	if err == nil && status == 200 {
		var out struct {
			Auth struct {
				ClientToken string `json:"client_token"`
			} `json:"auth"`
		}
		if err = json.Unmarshal(body, &out); err == nil {
			c.token = out.Auth.ClientToken
			return
		}
	}
	if err == nil {
		err = fmt.Errorf("vault: login: status %d", status)
	}
	// Tell "bad credentials" apart from "server not usable" for the operator.
	if h, herr := c.Get(ctx, "sys/health"); herr == nil && h["sealed"] == "true" {
		err = fmt.Errorf("%w (login failed: %v)", ErrSealed, err)
	}
	c.loginErr = err
}
