import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyStore
import Logging

/// Revokes a deleted connection's tokens at its integration's RFC 7009 endpoint: the refresh token, then the
/// access token. Failures are logged by code and otherwise ignored.
struct Revocation: Sendable {
    let store: Store
    let catalog: Catalog
    let transport: any OAuthTransport

    func revoke(_ connection: Connection, logger: Logger) async {
        guard let auth = connection.auth, let settings = catalog.integration(type: connection.integrationType)?.auth.oauth2,
            let template = settings.revokeURL,
            let revokeURL = try? URLTemplate.fill(template, values: (auth.meta ?? [:]).compactMapValues(\.stringValue))
        else { return }
        let client: OAuthClient
        if let clientID = auth.clientID {
            client = OAuthClient(id: clientID, secret: auth.clientSecret, authentication: settings.tokenRequestAuth)
        } else if let app = try? await store.integrationApp(workspaceID: connection.workspaceID, integrationType: connection.integrationType) {
            client = OAuthClient(id: app.clientID, secret: app.clientSecret, authentication: settings.tokenRequestAuth)
        } else {
            return
        }
        let tokens = [("refresh_token", auth.refreshToken), ("access_token", auth.accessToken)].compactMap { hint, token in
            token.map { (hint, $0) }
        }
        for (hint, token) in tokens {
            let status = try? await transport.send(TokenRequest.revocation(token, hint: hint, client: client, revokeURL: revokeURL)).status
            logger.info(
                "token revoked", metadata: ["connection_id": .string(connection.id), "token": .string(hint), "status": "\(status ?? 0)"])
        }
    }
}
