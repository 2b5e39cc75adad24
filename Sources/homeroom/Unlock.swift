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
            let name = username.lowercased()
            guard try await database.administering({ try await $0.unlock(username: name, by: $1) }) else {
                throw ValidationError("no student or staff account '\(username)'")
            }
            print("Unlocked \(name)")
        }
    }
}

/// `homeroom end-sessions USERNAME`: signs an account out everywhere (a lost or shared device).
struct EndSessions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "end-sessions",
                                                    abstract: "End every signed-in session of an account, on every device.")

    @Argument(help: "The username (s + student ID, or a staff username).") var username: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let name = username.lowercased()
            guard try await database.administering({ try await $0.endSessions(username: name, by: $1) }) else {
                throw ValidationError("no student or staff account '\(username)'")
            }
            print("Ended every session of \(name)")
        }
    }
}
