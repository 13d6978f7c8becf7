/// How the passthrough treats an integration's API, where the defaults do not suit it.
public struct PassthroughSettings: Sendable, Hashable, Codable {
    /// Retry answers such as 429 and 503 a bounded number of times; by default they are passed back unchanged.
    public var retry: PassthroughRetry?

    public init(retry: PassthroughRetry? = nil) { self.retry = retry }
}

/// A bounded retry of rate-limited or unavailable answers, honouring `Retry-After` up to `maxDelaySeconds`; a longer
/// wait, or a body that cannot be sent again, passes the answer back as it came.
public struct PassthroughRetry: Sendable, Hashable {
    public var retries: Int
    public var maxDelaySeconds: Double
    public var statuses: [Int]

    public init(retries: Int = 2, maxDelaySeconds: Double = 5, statuses: [Int] = [429, 503]) {
        self.retries = retries
        self.maxDelaySeconds = maxDelaySeconds
        self.statuses = statuses
    }

    /// The wait before try `attempt + 1` (from 1): `Retry-After` when given, else 0.5 s doubling; `nil` when it is
    /// longer than allowed.
    public func delay(afterAttempt attempt: Int, retryAfterSeconds: Double?) -> Double? {
        let delay = retryAfterSeconds ?? 0.5 * Double(1 << min(max(attempt - 1, 0), 10))
        return delay <= maxDelaySeconds ? max(delay, 0) : nil
    }

    enum CodingKeys: String, CodingKey {
        case retries
        case maxDelaySeconds = "max_delay_seconds"
        case statuses
    }
}

extension PassthroughRetry: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        retries = try container.decodeIfPresent(Int.self, forKey: .retries) ?? 2
        maxDelaySeconds = try container.decodeIfPresent(Double.self, forKey: .maxDelaySeconds) ?? 5
        statuses = try container.decodeIfPresent([Int].self, forKey: .statuses) ?? [429, 503]
    }
}
