extension Connection: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", id)
            object.field("workspace_id", workspaceID)
            object.field("integration_type", integrationType)
            object.field("integration_name", integrationName)
            object.field("categories", categories.map(\.rawValue))
            object.field("permissions", permissions.map(\.rawValue))
            object.field("auth", auth)
            object.field("environment", environment)
            object.field("external_xref", externalXref)
            object.field("is_paused", isPaused)
            object.field("created_at", createdAt)
            object.field("updated_at", updatedAt)
            object.field("last_healthy_at", lastHealthyAt)
            object.field("last_unhealthy_at", lastUnhealthyAt)
            object.field("last_unhealthy_code", lastUnhealthyCode)
        }
    }
}
