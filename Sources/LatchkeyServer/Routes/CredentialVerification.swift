import Foundation
import LatchkeyModel
import LatchkeyOAuth

/// Tries entered credentials against the integration's verification request before they are stored.
struct CredentialVerification {
    let transport: any OAuthTransport

    enum Outcome: Equatable {
        case accepted
        /// The provider refused them: its status and the start of its answer, with the entered values blotted out.
        case refused(status: Int, answer: String)
        case unreachable
        /// The entry or the values do not make a request: a placeholder without a value, an unsafe URL.
        case unusable(String)
    }

    func verify(_ auth: ConnectionAuth, kind: AuthKind, integration: Integration, request verification: VerificationRequest) async -> Outcome {
        let url: String
        do {
            if verification.path.hasPrefix("/") {
                var base = try APIBase.url(for: auth, integration: integration)
                while base.hasSuffix("/") { base.removeLast() }
                url = base + verification.path
            } else {
                url = try URLTemplate.fill(verification.path, values: auth.templateValues(tokenNames: integration.tokenNames))
            }
        } catch let failure as APIBase.Failure {
            if case .missingValue(let placeholder) = failure { return .unusable("\(placeholder) is needed to reach \(integration.name)") }
            return .unusable(failure.description)
        } catch let missing as URLTemplate.MissingValue {
            return .unusable("\(missing.placeholder) is needed to reach \(integration.name)")
        } catch {
            return .unusable("the values do not make a valid address for \(integration.name)")
        }
        var request = OutgoingRequest(method: verification.method, url: url, headers: ["accept": "application/json"])
        do {
            try await CredentialApplier.apply(auth, integration: integration, kind: kind, to: &request)
        } catch {
            return .unusable(String(describing: error))
        }
        let response: IncomingResponse
        do {
            response = try await transport.send(request)
        } catch {
            return .unreachable
        }
        if (200..<300).contains(response.status) { return .accepted }
        return .refused(
            status: response.status, answer: Self.excerpt(response.body, redacting: (auth.otherAuthInfo ?? []) + [auth.token].compactMap(\.self)))
    }

    /// The first 300 characters of a provider's answer on one line, every entered value in it replaced by dots.
    static func excerpt(_ body: [UInt8], redacting secrets: [String]) -> String {
        var text = String(decoding: body.prefix(4096), as: UTF8.self)
        for secret in secrets where secret.count >= 4 { text = text.replacingOccurrences(of: secret, with: "•••") }
        text = text.map { $0.isNewline || $0 == "\t" ? " " : String($0) }.joined()
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
