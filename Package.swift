// swift-tools-version:6.1
import PackageDescription

/// The Swift runtime and Foundation linked into the release executable: every command starts several
/// milliseconds sooner without resolving their symbols at load time. Foundation's parts are listed as one group
/// because its static libraries refer to each other.
let staticSwiftRuntime = [
    "-static-stdlib", "-Xlinker", "--start-group", "-lFoundation", "-lCoreFoundation", "-lFoundationEssentials",
    "-lFoundationInternationalization", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections",
    "-Xlinker", "--end-group",
    // Swift's static linking exports every symbol of the program for dladdr; nothing here looks symbols up, and
    // a small dynamic symbol table loads faster.
    "-Xlinker", "--no-export-dynamic",
]

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Generic types such as dictionaries of model values get their metadata through direct accessors instead of
    // by mangled name: looking a name up scans every protocol conformance of the program, milliseconds per
    // command start.
    .unsafeFlags(["-warnings-as-errors", "-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]),
]

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let nioConcurrencyHelpers: Target.Dependency = .product(name: "NIOConcurrencyHelpers", package: "swift-nio")
let nioHTTP1: Target.Dependency = .product(name: "NIOHTTP1", package: "swift-nio")
let nioEmbedded: Target.Dependency = .product(name: "NIOEmbedded", package: "swift-nio")
let nioTestUtils: Target.Dependency = .product(name: "NIOTestUtils", package: "swift-nio")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")
let prometheus: Target.Dependency = .product(name: "Prometheus", package: "swift-prometheus")

let package = Package(
    name: "zonectl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "zonectl", targets: ["zonectl"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: - Libraries
        // Loading reads tens of thousands of YAML nodes on every core; runtime exclusivity checks on its builders
        // cost more than the work they guard.
        .target(
            name: "ZoneCore", dependencies: [yams, crypto],
            swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .target(name: "ZoneDiagram", dependencies: ["ZoneCore"], swiftSettings: swiftSettings),
        .target(name: "ZoneReport", dependencies: ["ZoneCore", "ZoneDiagram"], swiftSettings: swiftSettings),
        .target(name: "ZoneCompile", dependencies: ["ZoneCore"], swiftSettings: swiftSettings),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "LogAnalysis", dependencies: ["ZoneCore", "CZlib"], swiftSettings: swiftSettings),
        // The packet path: exclusivity is proven statically here, the runtime checks cost per request.
        .target(
            name: "ModbusDPI", dependencies: [nioCore],
            swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .target(
            name: "ZoneServices",
            dependencies: ["ZoneCore", "ModbusDPI", nioCore, nioPosix, nioConcurrencyHelpers, nioHTTP1, yams, prometheus],
            swiftSettings: swiftSettings
        ),
        // The packet path runs per packet; its exclusivity checks are proven statically where possible and the
        // dynamic ones cost more than the parsing itself.
        .target(name: "FlowBaseline", swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "BaselineStore", dependencies: ["FlowBaseline", grdb], swiftSettings: swiftSettings),
        .target(name: "BaselinePolicy", dependencies: ["FlowBaseline", "ZoneCore"], swiftSettings: swiftSettings),
        .target(name: "CDiodeKernels", cSettings: [.unsafeFlags(["-O3"])]),
        // Datagrams are built and opened in place per packet; as for FlowBaseline, dynamic exclusivity checks cost
        // more there than the work they guard.
        .target(
            name: "DataDiode", dependencies: ["CDiodeKernels", nioCore, crypto],
            swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .target(name: "CDiodeSystem"),
        .target(name: "DiodeServices", dependencies: ["DataDiode", "CDiodeSystem", nioCore], swiftSettings: swiftSettings),
        .target(
            name: "Testbed", dependencies: ["ZoneCore", "ZoneCompile", "ZoneReport", "DataDiode", "DiodeServices"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Executable
        .executableTarget(
            name: "zonectl",
            dependencies: [
                "ZoneCore", "ZoneDiagram", "ZoneReport", "ZoneCompile", "LogAnalysis", "ModbusDPI", "ZoneServices", "FlowBaseline",
                "BaselineStore", "BaselinePolicy", "DataDiode", "DiodeServices", "Testbed", nioCore, nioPosix, argumentParser,
            ],
            path: "Sources/zonectl",
            swiftSettings: swiftSettings,
            linkerSettings: [.unsafeFlags(staticSwiftRuntime, .when(platforms: [.linux], configuration: .release))]
        ),

        .testTarget(
            name: "LogAnalysisTests",
            dependencies: ["LogAnalysis", "ZoneCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Benchmarks
        .executableTarget(name: "ZoneBench", dependencies: ["ZoneCore"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "GuardLoad", dependencies: ["ModbusDPI", nioCore, nioPosix, nioConcurrencyHelpers, argumentParser],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "DiagramBench", dependencies: ["ZoneCore", "ZoneDiagram", "ZoneReport"], path: "Sources/DiagramBench",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "DiodeErasureBenchmark", dependencies: ["DataDiode", "CDiodeKernels"], path: "Benchmarks/DiodeErasureBenchmark",
            swiftSettings: swiftSettings
        ),

        // MARK: - Fuzz targets (see docs/fuzzing.md)
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport", swiftSettings: swiftSettings),
        .executableTarget(
            name: "FuzzModelLoader", dependencies: ["ZoneCore", "FuzzSupport"], path: "Fuzz/FuzzModelLoader",
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ),

        .executableTarget(
            name: "FuzzLogParsers", dependencies: ["LogAnalysis", "ZoneCore", "FuzzSupport"], path: "Fuzz/FuzzLogParsers",
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzModbusDecoder", dependencies: ["ModbusDPI", "FuzzSupport", nioCore], path: "Fuzz/FuzzModbusDecoder",
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzFlowBaseline", dependencies: ["FlowBaseline", "FuzzSupport"], path: "Fuzz/FuzzFlowBaseline",
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ),

        .executableTarget(
            name: "FuzzDiodeDatagram", dependencies: ["DataDiode", "FuzzSupport", nioCore], path: "Fuzz/FuzzDiodeDatagram",
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ),

        // MARK: - Tests
        .testTarget(
            name: "ZoneCoreTests",
            dependencies: ["ZoneCore", "ZoneReport", "TestSupport"],
            exclude: ["Golden"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "ZoneCompileTests",
            dependencies: ["ZoneCompile", "ZoneCore", "LogAnalysis", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ModbusDPITests",
            dependencies: ["ModbusDPI", nioCore, nioEmbedded, nioTestUtils, nioConcurrencyHelpers],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ZoneServicesTests",
            dependencies: ["ZoneServices", "ModbusDPI", "ZoneCore", nioCore, nioPosix, nioConcurrencyHelpers],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ZoneDiagramTests",
            dependencies: ["ZoneCore", "ZoneDiagram", "ZoneReport"],
            exclude: ["Golden", "Fixtures", "browser_check.py"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlowBaselineTests",
            dependencies: ["FlowBaseline", "BaselineStore", "BaselinePolicy", "ZoneCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DataDiodeTests",
            dependencies: ["DataDiode", "DiodeServices", "CDiodeKernels", nioCore],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TestbedTests",
            dependencies: ["Testbed", "ZoneCore", "TestSupport", "BaselineStore", "FlowBaseline"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
