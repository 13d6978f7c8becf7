/// Reading header values without Foundation: these run on every request.
enum HeaderValue {
    /// `text` without the spaces and tabs around it.
    static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        var text = text.drop(while: isBlank)
        while let last = text.last, isBlank(last) { text = text.dropLast() }
        return text
    }

    /// The lowercased tokens of a comma-separated list such as `Connection: close, X-Foo`.
    static func lowercasedTokens(_ values: some Sequence<String>) -> Set<String> {
        Set(values.flatMap { $0.split(separator: ",") }.map { trimmed($0).lowercased() })
    }
}
