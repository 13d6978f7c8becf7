/// What a sealed value belongs to. It becomes the additional authenticated data, so a value opens only
/// in the place it was sealed for: a connection's auth copied onto another row fails to open.
struct SealingContext: Sendable, Hashable {
    let purpose: String
    let parts: [String]

    static func connectionAuth(workspaceID: String, connectionID: String) -> SealingContext {
        SealingContext(purpose: "connection-auth", parts: [workspaceID, connectionID])
    }

    static func integrationApp(workspaceID: String, integrationType: String) -> SealingContext {
        SealingContext(purpose: "integration-app", parts: [workspaceID, integrationType])
    }

    static func authorizationFlow(stateHash: String) -> SealingContext {
        SealingContext(purpose: "authorization-flow", parts: [stateHash])
    }

    static func dataKey(id: String) -> SealingContext {
        SealingContext(purpose: "data-key", parts: [id])
    }

    /// The bytes bound to the ciphertext, including the id of the key that sealed it.
    func authenticatedData(keyID: String) -> [UInt8] {
        Array((["latchkey/v1", purpose, keyID] + parts).joined(separator: "\u{1F}").utf8)
    }
}
