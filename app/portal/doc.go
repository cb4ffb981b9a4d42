// Package portal is the kiosk's side of the portal contract
// (shared/portal-api.md): the wire types shared by the client and the portal
// simulator, and the typed client the kiosk uses to reach the 一网通办 portal.
package portal
