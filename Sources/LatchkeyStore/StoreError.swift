/// Why the store could not do what was asked.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration cannot work: a bad URL, a master key of the wrong size.
    case invalidConfiguration(String)
    /// The database cannot be reached.
    case unavailable(String)
    /// A sealed value did not open: wrong key, or a value moved from another row.
    case unsealFailed(String)
    /// A value written by a newer Latchkey that this one cannot read.
    case unsupported(String)
    /// A stored value is not in the form this store writes.
    case corrupted(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message), .unavailable(let message), .unsealFailed(let message), .unsupported(let message),
            .corrupted(let message):
            return message
        }
    }
}
