import ArgumentParser
import Dispatch
import Foundation
import HomeroomCore
import NIOConcurrencyHelpers

/// The hash parameters of `--config FILE`, or the defaults.
struct HashConfigOption: ParsableArguments {
    @Option(help: "Configuration file whose hash parameters to use (default: the defaults).") var config: String?

    func hasher(_ library: PasswordHasher.Library = .libsodium) throws -> PasswordHasher {
        PasswordHasher(parameters: try config.map(AppConfig.load(path:))?.hash ?? HashParameters(), library: library)
    }
}

/// `homeroom hash-password`: prints the Argon2id PHC string of the first line of standard input,
/// at the configured parameters (for seeding test and benchmark databases).
struct HashPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password", abstract: "Print the Argon2id PHC string of a password read from standard input.")
    @OptionGroup var hash: HashConfigOption

    func run() async throws {
        try await failing {
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("give the password on standard input")
            }
            print(try hash.hasher().hash(PasswordPolicy.normalized(password)))
        }
    }
}

/// `homeroom hash-rate`: Argon2id hashes per second on `--threads` threads with the project's own
/// hasher: the raw limit the benchmark compares sign-ins with. With `--verify` it times what a
/// sign-in does (verify a password against a stored PHC string) rather than making new hashes.
/// `--library` picks libsodium (what the server uses), libargon2, or both, one after the other.
struct HashRate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-rate", abstract: "Measure Argon2id hashes per second on all cores at the configured parameters.")
    @OptionGroup var hash: HashConfigOption
    @Option(help: "Threads (default: one per core).") var threads: Int?
    @Option(help: "Seconds to run.") var seconds: Double = 5
    @Flag(help: "Time verifications against a stored hash (what a sign-in does) instead of new hashes.") var verify = false
    @Option(help: "libsodium (the server's), libargon2, or both.") var library = "libsodium"

    func run() async throws {
        try await failing {
            guard let libraries = library == "both" ? PasswordHasher.Library.allCases : PasswordHasher.Library(rawValue: library).map({ [$0] })
            else { throw ValidationError("--library must be libsodium, libargon2 or both") }
            for library in libraries { try measure(try hash.hasher(library)) }
        }
    }

    /// Hashes (or verifications) per second with `hasher`, printed in one line.
    func measure(_ hasher: PasswordHasher) throws {
        let stored = try hasher.hash("benchmark password")
        let count = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let done = NIOLockedValueBox(0)
        let deadline = Date().addingTimeInterval(seconds)
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: count) { _ in
            while Date() < deadline {
                if verify {
                    _ = hasher.verify("benchmark password", against: stored)
                } else {
                    _ = try? hasher.hash("benchmark password")
                }
                done.withLockedValue { $0 += 1 }
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        print(String(format: "%.2f hashes/s on %d threads (%d in %.2f s) with %@", Double(done.withLockedValue { $0 }) / elapsed,
                     count, done.withLockedValue { $0 }, elapsed, hasher.library.rawValue))
    }
}
