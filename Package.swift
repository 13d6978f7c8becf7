// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "latchkey",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LatchkeyModel", targets: ["LatchkeyModel"]),
        .library(name: "LatchkeyCatalog", targets: ["LatchkeyCatalog"]),
        .library(name: "LatchkeyOAuth", targets: ["LatchkeyOAuth"]),
        .library(name: "LatchkeyStore", targets: ["LatchkeyStore"]),
        .library(name: "LatchkeyRefresh", targets: ["LatchkeyRefresh"]),
        .library(name: "LatchkeyServer", targets: ["LatchkeyServer"]),
        .executable(name: "latchkey", targets: ["latchkey"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.86.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.29.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
    ],
    targets: [
        .target(
            name: "LatchkeyModel"
        ),
        .target(
            name: "LatchkeyCatalog",
            dependencies: ["LatchkeyModel", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "LatchkeyOAuth",
            dependencies: [
                "LatchkeyModel", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        .target(
            name: "LatchkeyStore",
            dependencies: [
                "LatchkeyModel",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "LatchkeyRefresh",
            dependencies: [
                "LatchkeyModel", "LatchkeyOAuth", "LatchkeyCatalog", "LatchkeyStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "LatchkeyServer",
            dependencies: [
                "LatchkeyModel",
                "LatchkeyCatalog",
                "LatchkeyOAuth",
                "LatchkeyRefresh",
                "LatchkeyStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "latchkey",
            dependencies: [
                "LatchkeyServer",
                "LatchkeyCatalog",
                "LatchkeyStore",
                "LatchkeyModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "signing-bench",
            dependencies: [
                "LatchkeyOAuth", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "bench/signing-bench"
        ),
        .executableTarget(
            name: "nio-proxy-bench",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "bench/nio-proxy"
        ),
        .target(
            name: "LatchkeyTestSupport",
            dependencies: [
                "LatchkeyStore", "LatchkeyModel", .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            path: "Tests/LatchkeyTestSupport"
        ),
        .testTarget(name: "LatchkeyModelTests", dependencies: ["LatchkeyModel", "LatchkeyTestSupport"]),
        .testTarget(name: "LatchkeyOAuthTests", dependencies: ["LatchkeyOAuth", "LatchkeyModel", "LatchkeyTestSupport"]),
        .testTarget(name: "LatchkeyRefreshTests", dependencies: ["LatchkeyRefresh", "LatchkeyModel", "LatchkeyTestSupport"]),
        .testTarget(name: "LatchkeyCatalogTests", dependencies: ["LatchkeyCatalog", "LatchkeyModel", "LatchkeyOAuth", "LatchkeyTestSupport"]),
        .testTarget(name: "LatchkeyStoreTests", dependencies: ["LatchkeyStore", "LatchkeyModel", "LatchkeyTestSupport"]),
        .testTarget(
            name: "LatchkeyServerTests",
            dependencies: [
                "LatchkeyServer",
                "LatchkeyStore",
                "LatchkeyModel",
                "latchkey",
                "LatchkeyTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
