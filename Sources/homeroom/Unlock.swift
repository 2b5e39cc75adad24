import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom unlock USERNAME`: lifts a sign-in lockout.
struct Unlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lift a sign-in lockout and forget the failed attempts.")

    @Argument(help: "The username (s + student ID, or a staff username).") var username: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let store = try database.open(root: try ResourceRoot.locate())
            let name = username.lowercased()
            guard try await store.accountExists(username: name) else {
                throw ValidationError("no student or staff account '\(username)'")
            }
            try await store.unlockSignIn(username: name)
            print("Unlocked \(name)")
        }
    }
}
