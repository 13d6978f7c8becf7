/// Pieces of Prometheus' text exposition format, written as swift-prometheus writes them, for the series it does
/// not write itself (`AtomicDurationHistogram`).
enum PrometheusText {
    /// `# TYPE name type`.
    static func typeLine(name: String, type: String) -> [UInt8] {
        Array("# TYPE \(name) \(type)\n".utf8)
    }

    /// Label pairs as they go between a series' braces: `name="value",…`, with backslash, double quote and line
    /// feed escaped in values.
    static func labels(_ pairs: [(String, String)]) -> [UInt8] {
        var text: [UInt8] = []
        for (index, (name, value)) in pairs.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text.append(contentsOf: name.utf8)
            text.append(contentsOf: #"=""#.utf8)
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): text.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\""): text.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\n"): text.append(contentsOf: #"\n"#.utf8)
                default: text.append(byte)
                }
            }
            text.append(UInt8(ascii: "\""))
        }
        return text
    }

    /// A duration in seconds, with as many decimals as it needs and at least one: `0.001`, `2.5`, `30.0`.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let digits = String(attoseconds)
        var fraction = String(repeating: "0", count: 18 - digits.count) + digits
        while fraction.count > 1, fraction.last == "0" { fraction.removeLast() }
        return "\(seconds).\(fraction)"
    }
}
