/// What may go into an HTTP header, checked the same way wherever a header is built from data.
public enum HeaderText {
    /// Whether `name` is a header name Latchkey writes: letters, digits, `-` and `_`.
    public static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }
    }

    /// Whether `value` holds a line break or a NUL, which would end the header or the head early.
    @inlinable
    public static func breaksLine(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }
}
