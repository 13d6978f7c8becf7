/// Reading header values without Foundation: these run on every request.
enum HeaderValue {
    /// `text` without the spaces and tabs around it.
    static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        var text = text.drop(while: isBlank)
        while let last = text.last, isBlank(last) { text = text.dropLast() }
        return text
    }

    /// Whether `name` is `lowercase` in any case (ASCII).
    static func equalsLowercased(_ name: some StringProtocol, _ lowercase: String) -> Bool {
        name.utf8.count == lowercase.utf8.count
            && zip(name.utf8, lowercase.utf8).allSatisfy { name, lower in
                name == lower || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(name) && name | 0x20 == lower
            }
    }

    /// The lowercased tokens of a comma-separated list such as `Connection: close, X-Foo`.
    static func lowercasedTokens(_ values: some Sequence<String>) -> Set<String> {
        var tokens = Set<String>()
        for value in values {
            for token in value.split(separator: ",") { tokens.insert(trimmed(token).lowercased()) }
        }
        return tokens
    }
}
