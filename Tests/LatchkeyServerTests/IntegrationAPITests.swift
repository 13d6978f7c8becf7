import Foundation
import Hummingbird
import LatchkeyTestSupport
import Testing

@Suite struct IntegrationAPITests {
    @Test func theCatalogIsListedInUnifiedsShape() async throws {
        try await withServer { server in
            let all = try await server.request(.get, "/unified/integration")
            #expect(all.status == .ok)
            #expect(all.array.count >= 25)
            let github = try #require(all.array.first { $0["type"] as? String == "github" })
            #expect(github["name"] as? String == "GitHub")
            #expect(github["categories"] as? [String] == ["repo"])
            #expect((github["api_docs_url"] as? String)?.hasPrefix("https://docs.github.com") == true)
            #expect(github["auth_kinds"] as? [String] == ["oauth2", "app"])
            let crm = try await server.request(.get, "/unified/integration?categories=crm&limit=2")
            #expect(crm.array.count == 2)
            #expect(crm.array.allSatisfy { ($0["categories"] as? [String])?.contains("crm") == true })
            let two = try await server.request(.get, "/unified/integration?type=slack&type=xero")
            #expect(two.array.compactMap { $0["type"] as? String } == ["slack", "xero"])
            #expect(try await server.request(.get, "/unified/integration", authorization: "").status == .unauthorized)
        }
    }

    @Test func aWorkspaceConfiguresItsOAuthAppsWithoutTheSecretEverComingBack() async throws {
        try await withServer { server in
            let path = "/unified/integration/workspace/\(server.workspaceID)"
            #expect(try await server.request(.get, path).text == "[]")
            let configured = try await server.request(
                .put, path + "/github", body: #"{"client_id": "gh-client", "client_secret": "gh-secret-canary", "scopes": ["repo"]}"#)
            #expect(configured.status == .ok, "\(configured.text)")
            #expect(configured.object["client_id"] as? String == "gh-client")
            #expect(configured.object["scopes"] as? [String] == ["repo"])
            #expect(!configured.text.contains("gh-secret-canary"))
            let listed = try await server.request(.get, path)
            #expect(listed.array.compactMap { $0["type"] as? String } == ["github"])
            let read = try await server.request(.get, path + "/github")
            #expect(read.object["client_id"] as? String == "gh-client")
            #expect(!read.text.contains("gh-secret-canary"))
            let app = try await server.store.integrationApp(workspaceID: server.workspaceID, integrationType: "github")
            #expect(app?.clientSecret == "gh-secret-canary")
            #expect(try await server.request(.delete, path + "/github").status == .ok)
            #expect(try await server.request(.get, path + "/github").status == .notFound)
            #expect(try await server.request(.delete, path + "/github").status == .notFound)
        }
    }

    @Test(arguments: [
        ("/github", #"{"client_secret": "s"}"#, 422, "client_id"),
        ("/github", #"{"client_id": "c"}"#, 422, "client_secret"),
        ("/github", #"{"client_id": "c", "client_secret": ""}"#, 422, "client_secret"),
        ("/github", #"{"client_id": 5, "client_secret": "s"}"#, 400, "client_id"),
        ("/github", #"{"client_id": "c", "client_secret": "s", "scopes": [""]}"#, 422, "scopes[0]"),
        ("/nosuch", #"{"client_id": "c", "client_secret": "s"}"#, 422, "integration_type"),
    ])
    func badAppsAreRefusedAndNothingIsStored(suffix: String, body: String, status: Int, field: String) async throws {
        try await withServer { server in
            let response = try await server.request(.put, "/unified/integration/workspace/\(server.workspaceID)\(suffix)", body: body)
            #expect(response.status.code == status, "\(response.text)")
            #expect(response.error["field"] as? String == field)
            #expect(try await server.store.integrationApps(workspaceID: server.workspaceID).isEmpty)
        }
    }

    @Test func anotherWorkspacesAppsAreNotFound() async throws {
        try await withServer { server in
            let other = try await server.store.createWorkspace(name: "other")
            let body = #"{"client_id": "c", "client_secret": "s"}"#
            #expect(try await server.request(.put, "/unified/integration/workspace/\(other.id)/github", body: body).status == .notFound)
            _ = try await server.store.configureIntegrationApp(
                workspaceID: other.id, integrationType: "github", clientID: "c", clientSecret: "s", scopes: nil)
            #expect(try await server.request(.get, "/unified/integration/workspace/\(other.id)").status == .notFound)
            #expect(try await server.request(.get, "/unified/integration/workspace/\(other.id)/github").status == .notFound)
            #expect(try await server.request(.delete, "/unified/integration/workspace/\(other.id)/github").status == .notFound)
            #expect(try await server.store.integrationApp(workspaceID: other.id, integrationType: "github") != nil)
        }
    }
}
