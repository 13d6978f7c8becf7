import ArgumentParser
import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyServer
import LatchkeyStore

struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Call an integration's API with a connection's credentials applied, as the catalog places them.",
        discussion: """
            PATH is relative to the connection's API base (auth.api_url, else the integration's api_url); an absolute URL \
            must be on the same host. The response body goes to standard output, the status to standard error; the exit \
            status is 1 for an answer outside 2xx. --dry-run prints the request that would be sent, credentials included.
            """)

    @Argument(help: "The connection's id.")
    var connectionID: String

    @Argument(help: "The path under the API base, or an absolute URL on the API host.")
    var path: String = "/"

    @Option(name: [.short, .customShort("X"), .long], help: "The HTTP method. (default: GET, or POST with --data)")
    var method: String?

    @Option(name: [.customShort("H"), .long], help: "A header, 'Name: value'. Repeatable.")
    var header: [String] = []

    @Option(
        name: [.short, .long],
        help:
            "The request body, as given; @FILE reads it from FILE and @- from standard input. Sent as it is, with no Content-Type unless -H gives one."
    )
    var data: String?

    @Flag(help: "Print the request with its credentials instead of sending it.")
    var dryRun = false

    @OptionGroup var credentialOptions: CredentialOptions

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await credentialOptions.withFreshConnection(connectionID, storeOptions: storeOptions) { connection, store, catalog, transport in
            guard let integration = catalog.integration(type: connection.integrationType) else {
                throw CommandFailure("integration \(connection.integrationType) is not in the catalog")
            }
            let auth = connection.auth ?? ConnectionAuth()
            var request = OutgoingRequest(
                method: (method ?? (data == nil ? "GET" : "POST")).uppercased(), url: try Self.url(path, auth: auth, integration: integration),
                body: try data.map(Self.body) ?? [])
            for line in header {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { throw CommandFailure("a header must read 'Name: value': \(line)") }
                request.headers[parts[0].trimmingCharacters(in: .whitespaces).lowercased()] = parts[1].trimmingCharacters(in: .whitespaces)
            }
            let app = try await store.integrationApp(workspaceID: connection.workspaceID, integrationType: connection.integrationType)
            do {
                try await CredentialApplier.apply(auth, integration: integration, app: app, to: &request)
            } catch let error as CredentialApplier.ApplyError {
                throw CommandFailure(error.description)
            }
            if dryRun {
                print("\(request.method) \(request.url)")
                for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) { print("\(name): \(value)") }
                if !request.body.isEmpty { print("\n" + request.bodyText) }
                return
            }
            let response = try await transport.send(request)
            FileHandle.standardError.write(Data("HTTP \(response.status)\n".utf8))
            FileHandle.standardOutput.write(Data(response.body))
            if !(200..<300).contains(response.status) { throw ExitCode(1) }
        }
    }

    /// The body `--data` gives: the text itself, or what is in the file (or standard input) it names after `@`.
    static func body(_ data: String) throws -> [UInt8] {
        guard data.hasPrefix("@") else { return Array(data.utf8) }
        let source = String(data.dropFirst())
        if source == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let contents = FileManager.default.contents(atPath: source) else { throw CommandFailure("--data: cannot read \(source)") }
        return Array(contents)
    }

    /// The request URL: `path` under the API base, or `path` itself when it is an absolute URL on the API's host.
    static func url(_ path: String, auth: ConnectionAuth, integration: Integration) throws -> String {
        let base: String
        do {
            base = try APIBase.url(for: auth, integration: integration)
        } catch {
            throw CommandFailure(error.description)
        }
        guard path.contains("://") else {
            return (base.hasSuffix("/") ? String(base.dropLast()) : base) + (path.hasPrefix("/") ? path : "/" + path)
        }
        guard let target = URLComponents(string: path), let api = URLComponents(string: base), target.scheme == api.scheme,
            target.host?.lowercased() == api.host?.lowercased(), target.port == api.port
        else { throw CommandFailure("\(path) is not on the API host of \(integration.type); credentials are only sent there") }
        return path
    }
}
