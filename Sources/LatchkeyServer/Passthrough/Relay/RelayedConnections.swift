import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyStore

/// What one version of a connection brings to every call relayed for it, worked out once: its integration, its API
/// base and its origin, its credentials when they are the same for every request, and how long it stays fresh.
/// A class, so that each call shares it instead of copying the integration.
final class RelayedConnection: Sendable {
    /// The version's record, as the store kept it.
    let record: ConnectionRecord
    let integration: Integration
    let base: PassthroughTarget.Base
    /// The base's origin (`http` or `https`).
    let origin: UpstreamOrigin
    /// `nil` when each request is signed on its own (OAuth 1.0a).
    let credentials: FixedCredentials?
    /// The base and the credentials as bytes, when calls can be written from the caller's bytes.
    let template: UpstreamRequestTemplate?
    /// From `Refresher.freshUntil`.
    let freshUntil: Date?

    var version: Int64 { record.version }

    init(
        record: ConnectionRecord, integration: Integration, base: PassthroughTarget.Base, origin: UpstreamOrigin, credentials: FixedCredentials?,
        template: UpstreamRequestTemplate?, freshUntil: Date?
    ) {
        self.record = record
        self.integration = integration
        self.base = base
        self.origin = origin
        self.credentials = credentials
        self.template = template
        self.freshUntil = freshUntil
    }
}

/// The `RelayedConnection` of recently relayed connections, by id. An entry serves only the version it was made
/// from and for no longer than the store keeps an opened connection; the whole map is dropped when it is full.
final class RelayedConnections: Sendable {
    private let entries: ExpiringMap<RelayedConnection>

    init(capacity: Int = 10_000, maxAge: Duration = .seconds(30)) {
        entries = ExpiringMap(lifetime: maxAge, capacity: capacity)
    }

    /// The settings of version `version` of connection `id`, made with `make` when none are kept; `nil` when
    /// `make` has none, or makes another version's.
    func settings(id: String, version: Int64, make: () -> RelayedConnection?) -> RelayedConnection? {
        if let kept = entries.value(for: id), kept.version == version { return kept }
        guard let made = make(), made.version == version else { return nil }
        entries.set(made, for: id)
        return made
    }
}
