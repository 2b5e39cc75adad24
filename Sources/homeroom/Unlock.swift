import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom unlock USERNAME`: lifts the sign-in and self-service reset lockouts.
struct Unlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lift the sign-in and password-reset lockouts and forget the failed attempts.")

    @Argument(help: "The username (s + student ID, or a staff username).") var username: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let store = try database.open(root: try ResourceRoot.locate())
            let name = username.lowercased()
            guard try await store.accountExists(username: name) else {
                throw ValidationError("no student or staff account '\(username)'")
            }
            try await store.unlockAccount(username: name)
            print("Unlocked \(name)")
        }
    }
}
