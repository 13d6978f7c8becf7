extension JSONValue: JSONWritable {
    /// Object members are written in key order, so equal values always give equal bytes.
    public func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let bool): writer.bool(bool)
        case .integer(let integer): writer.integer(integer)
        case .number(let number): writer.number(number)
        case .string(let string): writer.string(string)
        case .array(let array): array.write(to: &writer)
        case .object(let members): Self.write(members, to: &writer)
        }
    }

    static func write(_ members: [String: JSONValue], to writer: inout JSONWriter) {
        writer.object { object in
            for name in members.keys.sorted() {
                object.member(name) { members[name]!.write(to: &$0) }
            }
        }
    }
}
