// swift-tools-version:5.9
// A small wallet app flow over the Swift bindings (see README.md).
import PackageDescription

let package = Package(
    name: "WalletExample",
    dependencies: [
        .package(path: "../../../bindings/swift"),
    ],
    targets: [
        .executableTarget(
            name: "WalletExample",
            dependencies: [.product(name: "Wangzheng", package: "swift")],
            path: "Sources/WalletExample"
        ),
    ]
)
