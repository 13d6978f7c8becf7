import Foundation
import Hummingbird
import LatchkeyTestSupport
import Testing

@Suite struct ConnectionAPITests {
    @Test func createAnswers200WithTheStoredConnection() async throws {
        try await withServer { server in
            let response = try await server.request(.post, "/unified/connection", body: sdkStyleConnection)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let created = response.object
            #expect(created["id"] as? String != "ignored")
            #expect(created["workspace_id"] as? String == server.workspaceID)
            #expect(created["categories"] as? [String] == ["crm", "martech"])
            #expect(created["environment"] as? String == "Production")
            #expect(created["is_paused"] as? Bool == false)
            let auth = try #require(created["auth"] as? [String: Any])
            #expect(auth["expires_in"] as? Double == 3600)
            #expect(auth["expiry_date"] as? String == "2035-01-02T03:04:05Z")
            #expect((auth["meta"] as? [String: Any])?["portal"] as? Int == 12345)
            let read = try await server.request(.get, "/unified/connection/\(created["id"] as! String)")
            #expect(read.status == .ok)
            #expect(read.text == response.text)
        }
    }

    @Test func listAnswersABareArray() async throws {
        try await withServer { server in
            let first = try await server.createConnection(sdkStyleConnection)
            let second = try await server.createConnection(#"{"integration_type": "bamboohr", "categories": ["hris"]}"#)
            let list = try await server.request(.get, "/unified/connection")
            #expect(list.status == .ok)
            #expect(list.array.compactMap { $0["id"] as? String } == [first, second])
            let crm = try await server.request(.get, "/unified/connection?categories=crm&categories=ats&limit=100.0&offset=0.0")
            #expect(crm.array.compactMap { $0["id"] as? String } == [first])
            let sorted = try await server.request(.get, "/unified/connection?sort=name&order=desc")
            #expect(sorted.array.compactMap { $0["id"] as? String } == [first, second])
            let byXref = try await server.request(.get, "/unified/connection?external_xref=user-42&env=Production")
            #expect(byXref.array.compactMap { $0["id"] as? String } == [first])
            let recent = try await server.request(.get, "/unified/connection?updated_gte=2999-01-01T00:00:00Z")
            #expect(recent.text == "[]")
            let paged = try await server.request(.get, "/unified/connection?limit=1&offset=1")
            #expect(paged.array.compactMap { $0["id"] as? String } == [second])
        }
    }

    @Test func patchMergesFieldsAndNullRemovesThem() async throws {
        try await withServer { server in
            let id = try await server.createConnection(sdkStyleConnection)
            // Read twice first, so that the connection and its JSON are kept in memory when the patch comes.
            let before = try await server.request(.get, "/unified/connection/\(id)")
            #expect(try await server.request(.get, "/unified/connection/\(id)").text == before.text)
            let patched = try await server.request(
                .patch, "/unified/connection/\(id)",
                body: #"{"auth": {"access_token": "at-2", "client_secret": null, "meta": {"tags": null, "new": true}}, "external_xref": "user-43"}"#)
            #expect(patched.status == .ok, "\(patched.text)")
            let auth = try #require(patched.object["auth"] as? [String: Any])
            #expect(auth["access_token"] as? String == "at-2")
            #expect(auth["refresh_token"] as? String == "rt-1")
            #expect(auth["client_secret"] == nil)
            let meta = try #require(auth["meta"] as? [String: Any])
            #expect(meta["portal"] as? Int == 12345)
            #expect(meta["new"] as? Bool == true)
            #expect(meta["tags"] == nil)
            #expect(patched.object["external_xref"] as? String == "user-43")
            #expect(patched.object["categories"] as? [String] == ["crm", "martech"])
            let read = try await server.request(.get, "/unified/connection/\(id)")
            #expect(read.text == patched.text)
        }
    }

    @Test func putReplacesEveryWritableField() async throws {
        try await withServer { server in
            let id = try await server.createConnection(sdkStyleConnection)
            let before = try await server.request(.get, "/unified/connection/\(id)").object
            let replaced = try await server.request(
                .put, "/unified/connection/\(id)", body: #"{"integration_type": "salesforce", "categories": ["crm"], "auth": {"token": "t"}}"#)
            #expect(replaced.status == .ok)
            #expect(replaced.object["integration_type"] as? String == "salesforce")
            #expect(replaced.object["external_xref"] == nil)
            #expect(replaced.object["integration_name"] == nil)
            #expect((replaced.object["auth"] as? [String: Any])?.keys.sorted() == ["token"])
            #expect(replaced.object["created_at"] as? String == before["created_at"] as? String)
            #expect(replaced.object["id"] as? String == id)
        }
    }

    @Test func deleteAnswers200AndTheConnectionIsGone() async throws {
        try await withServer { server in
            let id = try await server.createConnection(sdkStyleConnection)
            #expect(try await server.request(.delete, "/unified/connection/\(id)").status == .ok)
            #expect(try await server.request(.get, "/unified/connection/\(id)").status == .notFound)
            #expect(try await server.request(.delete, "/unified/connection/\(id)").status == .notFound)
            #expect(try await server.connectionCount() == 0)
        }
    }

    /// Two PATCHes of different fields of one connection, sent at once, both survive.
    @Test(arguments: TestBackend.allCases)
    func concurrentPatchesOfDifferentFieldsBothSurvive(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            for round in 0..<5 {
                let id = try await server.createConnection(sdkStyleConnection)
                async let first = server.request(.patch, "/unified/connection/\(id)", body: #"{"auth": {"access_token": "from-first-\#(round)"}}"#)
                async let second = server.request(.patch, "/unified/connection/\(id)", body: #"{"external_xref": "from-second-\#(round)"}"#)
                async let third = server.request(.patch, "/unified/connection/\(id)", body: #"{"auth": {"meta": {"third": \#(round)}}}"#)
                let statuses = try await [first.status, second.status, third.status]
                #expect(statuses == [.ok, .ok, .ok])
                let final = try await server.request(.get, "/unified/connection/\(id)").object
                let auth = try #require(final["auth"] as? [String: Any])
                #expect(auth["access_token"] as? String == "from-first-\(round)")
                #expect(final["external_xref"] as? String == "from-second-\(round)")
                #expect((auth["meta"] as? [String: Any])?["third"] as? Int == round)
                #expect((auth["meta"] as? [String: Any])?["portal"] as? Int == 12345)
            }
        }
    }

    @Test func healthAnswersWithoutAKey() async throws {
        try await withServer { server in
            let health = try await server.request(.get, "/health", authorization: "")
            #expect(health.status == .ok)
            #expect(health.object["status"] as? String == "ok")
        }
    }
}
