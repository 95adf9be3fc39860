package alerting

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// ServeHTTP accepts a JSON array of alerts on POST.
func (m *Manager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var alerts []Alert
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&alerts); err != nil {
		http.Error(w, fmt.Sprintf("bad alert payload: %v", err), http.StatusBadRequest)
		return
	}
	for i, a := range alerts {
		if err := m.Receive(a); err != nil {
			http.Error(w, fmt.Sprintf("alert %d: %v", i, err), http.StatusBadRequest)
			return
		}
	}
	w.WriteHeader(http.StatusAccepted)
}
