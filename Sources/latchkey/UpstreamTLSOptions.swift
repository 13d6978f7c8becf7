import ArgumentParser
import NIOSSL

/// How upstream HTTPS hosts are trusted: the system's certificate authorities, and those of `--upstream-ca-file`.
struct UpstreamTLSOptions: ParsableArguments {
    @Option(
        help:
            "A PEM file of certificate authorities to trust for upstream HTTPS (APIs and token endpoints), besides the system's; for APIs behind a private CA."
    )
    var upstreamCAFile: String?

    /// The TLS configuration for the transport; refuses a file that holds no readable certificate.
    func configuration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let upstreamCAFile {
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(upstreamCAFile)
            } catch {
                throw ValidationError("--upstream-ca-file \(upstreamCAFile) is not a readable PEM file of certificates")
            }
            guard !certificates.isEmpty else { throw ValidationError("--upstream-ca-file \(upstreamCAFile) holds no certificate") }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        return tls
    }
}
