import Foundation
import Testing
@testable import HomeroomCore

/// Argon2id through libargon2, as PHC strings.
@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(parameters: HashParameters(memoryKiB: 1024, iterations: 1, parallelism: 1))

    @Test func hashIsAnArgon2idPHCStringWithTheConfiguredParameters() throws {
        #expect(try hasher.hash("secret pass").hasPrefix("$argon2id$v=19$m=1024,t=1,p=1$"))
    }

    @Test func defaultParametersAreOWASPs() throws {
        let phc = try PasswordHasher(parameters: HashParameters()).hash("x")
        #expect(phc.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
    }

    @Test func rightSecretVerifies() throws {
        #expect(hasher.verify("secret pass", against: try hasher.hash("secret pass")))
    }

    @Test func wrongSecretDoesNotVerify() throws {
        #expect(!hasher.verify("secret pasS", against: try hasher.hash("secret pass")))
    }

    @Test func eachHashHasAFreshSalt() throws {
        #expect(try hasher.hash("same") != hasher.hash("same"))
    }

    @Test func malformedHashDoesNotVerify() {
        #expect(!hasher.verify("x", against: "$argon2id$garbage"))
        #expect(!hasher.verify("x", against: "plaintext"))
    }

    @Test func hashWithOtherParametersNeedsRehash() throws {
        let old = try hasher.hash("x")
        #expect(!hasher.needsRehash(old))
        #expect(PasswordHasher(parameters: HashParameters()).needsRehash(old))
    }
}

/// The bounded pool for blocking work.
@Suite struct BlockingPoolTests {
    @Test func workRunsOnThePoolsOwnThreads() async throws {
        let pool = BlockingPool(threads: 1, queueLimit: 1)
        let name = try await pool.run { Thread.current.name ?? "" }
        #expect(name.contains("TP"))
        try await pool.shutdown()
    }

    @Test func fullPoolRefusesAtOnce() async throws {
        let pool = BlockingPool(threads: 1, queueLimit: 1)
        let gate = DispatchSemaphore(value: 0)
        async let first: Void = pool.run { gate.wait() }
        async let second: Void = pool.run { gate.wait() }
        while pool.load < 2 { try await Task.sleep(for: .milliseconds(5)) }
        await #expect(throws: BlockingPool.Saturated.self) { try await pool.run { () } }
        gate.signal()
        gate.signal()
        _ = try await (first, second)
        #expect(pool.load == 0)
        try await pool.shutdown()
    }
}

/// libsodium makes the hashes; libargon2's keep verifying, and each library verifies the other's.
@Suite struct HashLibraryTests {
    let parameters = HashParameters(memoryKiB: 1024, iterations: 1, parallelism: 1)

    @Test func libsodiumVerifiesAHashLibargon2Made() throws {
        let made = try PasswordHasher(parameters: parameters, library: .libargon2).hash("correct horse")
        #expect(PasswordHasher(parameters: parameters).verify("correct horse", against: made))
    }

    @Test func libargon2VerifiesAHashLibsodiumMade() throws {
        let made = try PasswordHasher(parameters: parameters).hash("correct horse")
        #expect(PasswordHasher(parameters: parameters, library: .libargon2).verify("correct horse", against: made))
    }

    @Test func libsodiumMakesTheConfiguredPHCString() throws {
        #expect(try PasswordHasher(parameters: parameters).hash("x").hasPrefix("$argon2id$v=19$m=1024,t=1,p=1$"))
    }

    @Test func aHashWithTwoLanesStillVerifies() throws {
        let made = try PasswordHasher(parameters: HashParameters(memoryKiB: 1024, iterations: 1, parallelism: 2), library: .libargon2).hash("pw")
        #expect(PasswordHasher(parameters: parameters).verify("pw", against: made) && !PasswordHasher(parameters: parameters).verify("no", against: made))
    }

    @Test func anEmptySecretHashes() throws {
        let hasher = PasswordHasher(parameters: parameters)
        #expect(hasher.verify("", against: try hasher.hash("")))
    }

    @Test func parallelismOtherThanOneIsRefusedWithTheReason() {
        var config = AppConfig()
        config.hash.parallelism = 2
        #expect { try config.validate() } throws: { "\($0)".contains("hash.parallelism must be 1: libsodium computes one lane") }
    }
}
