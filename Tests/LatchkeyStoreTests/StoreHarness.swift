import Foundation
import LatchkeyModel
import LatchkeyTestSupport
import Logging
import Testing

@testable import LatchkeyStore

/// Opens a fresh store on `backend` for one test and closes it afterwards; skips outside CI when PostgreSQL is absent.
func withStore(
    _ backend: TestBackend, masterKey: MasterKey = .random(), keyRefreshInterval: Duration = .seconds(5),
    connectionCache: ConnectionCacheSettings? = nil, database: DatabaseSettings = .underTestLoad, logger: Logger = quietLogger,
    _ body: (Store, StoreLocation, TemporaryDirectory) async throws -> Void
) async throws {
    let directory = try TemporaryDirectory()
    guard let location = try await backend.freshLocation(in: directory) else { return }
    let store = try await Store.open(
        location, masterKey: masterKey, keyRefreshInterval: keyRefreshInterval, connectionCache: connectionCache, database: database,
        logger: logger)
    do {
        try await body(store, location, directory)
    } catch {
        await store.close()
        throw error
    }
    await store.close()
}

func sampleDraft(type: String = "hubspot", secret: String = "access-123", categories: [ConnectionCategory] = ["crm"]) -> ConnectionDraft {
    var auth = ConnectionAuth()
    auth.accessToken = secret
    auth.refreshToken = "refresh-" + secret
    auth.expiryDate = Date(timeIntervalSince1970: 1_735_787_045)
    auth.meta = ["realmId": .string("123"), "nested": .object(["n": .integer(1), "z": .null])]
    return ConnectionDraft(integrationType: type, integrationName: type.capitalized, categories: categories, auth: auth)
}
