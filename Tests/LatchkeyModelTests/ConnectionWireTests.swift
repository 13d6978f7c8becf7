import Foundation
import LatchkeyModel
import Testing

@Suite struct ConnectionWireTests {
    @Test func unknownCategoriesAndPermissionsAreKept() throws {
        let json = #"{"integration_type":"acme","categories":["crm","quantum"],"permissions":["crm_contact_read","teleport_write"]}"#
        let draft = try JSONDecoder().decode(ConnectionDraft.self, from: Data(json.utf8))
        #expect(draft.categories == ["crm", "quantum"])
        #expect(draft.permissions == ["crm_contact_read", "teleport_write"])
        #expect(ConnectionCategory.known.contains("crm"))
    }

    @Test func environmentDefaultsToProduction() {
        let connection = Connection(id: "1", workspaceID: "w", draft: ConnectionDraft(integrationType: "acme"), now: Date())
        #expect(connection.environment == "Production")
    }

    @Test func connectionWritesEveryFieldWithItsWireName() throws {
        var connection = Connection(
            id: "c1", workspaceID: "w1",
            draft: ConnectionDraft(
                integrationType: "hubspot", integrationName: "HubSpot", categories: ["crm"], permissions: ["crm_contact_read"],
                auth: ConnectionAuth(), environment: "Sandbox", externalXref: "user-9"),
            now: Date(timeIntervalSince1970: 1_735_787_045))
        connection.lastHealthyAt = Date(timeIntervalSince1970: 1_735_787_046)
        connection.lastUnhealthyAt = Date(timeIntervalSince1970: 1_735_787_047)
        connection.lastUnhealthyCode = "invalid_grant"
        let object = try #require(JSONSerialization.jsonObject(with: try WireJSON.encode(connection)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "id", "workspace_id", "integration_type", "integration_name", "categories", "permissions", "auth", "environment",
                "external_xref", "is_paused", "created_at", "updated_at", "last_healthy_at", "last_unhealthy_at", "last_unhealthy_code",
            ])
        #expect(object["created_at"] as? String == "2025-01-02T03:04:05Z")
        #expect(object["is_paused"] as? Bool == false)
    }

    @Test func readOnlyFieldsInABodyAreIgnored() throws {
        let json = #"{"id":"forged","workspace_id":"other","is_paused":true,"integration_type":"acme","created_at":"2000-01-01T00:00:00Z"}"#
        let draft = try JSONDecoder().decode(ConnectionDraft.self, from: Data(json.utf8))
        #expect(draft == ConnectionDraft(integrationType: "acme"))
    }
}
