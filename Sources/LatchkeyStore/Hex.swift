/// Lowercase hexadecimal text of bytes, without the cost of `String(format:)` per byte.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { characters in
            var index = 0
            for byte in bytes {
                characters[index] = digits[Int(byte >> 4)]
                characters[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }
}
