extension JSONValue {
    /// Applies an RFC 7386 JSON Merge Patch: objects merge member by member, `null` removes a member,
    /// and any other value replaces what was there.
    ///
    /// ```swift
    /// let merged = JSONValue.object(["a": .integer(1), "b": .integer(2)])
    ///     .merging(patch: .object(["b": .null, "c": .integer(3)]))
    /// // {"a": 1, "c": 3}
    /// ```
    public func merging(patch: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members = self.objectValue ?? [:]
        for (name, value) in patchMembers {
            if value == .null {
                members.removeValue(forKey: name)
            } else {
                members[name] = (members[name] ?? .null).merging(patch: value)
            }
        }
        return .object(members)
    }
}
