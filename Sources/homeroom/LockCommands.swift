import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom locks list|lift`: the address and name locks the console shows, from the command line.
struct LockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "locks", abstract: "List or lift throttle locks (address, name, ID, username).",
                                                    subcommands: [List.self, Lift.self])

    /// `homeroom locks list`: one line per lock in force.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the throttle locks in force.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await failing {
                let schools = try database.settings().schoolNetworks
                let locks = try await database.administering { administration, _ in try await administration.throttleLocks() }
                if locks.isEmpty { print("No locks are in force.") }
                for lock in locks {
                    let school = lock.address.flatMap(schools.school(of:)).map { " (\($0))" } ?? ""
                    print("\(lock.scope.rawValue)\t\(lock.key)\(school)\tuntil \(lock.lockedUntil.formatted(.iso8601))\t\(lock.recentFailures) failures in the last hour")
                }
            }
        }
    }

    /// `homeroom locks lift SCOPE KEY`: lifts one lock, audited as the system user.
    struct Lift: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift one throttle lock and forget its failures.")
        @Argument(help: "The lock's scope, as `locks list` prints it (e.g. signin.address).") var scope: String
        @Argument(help: "The lock's key, as `locks list` prints it (an address, or an address and a name, ID or username).") var key: String
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await failing {
                guard let scope = ThrottleScope(rawValue: scope) else {
                    throw ValidationError("unknown scope '\(self.scope)': one of " + ThrottleScope.allCases.map(\.rawValue).joined(separator: ", "))
                }
                guard try await database.administering({ try await $0.liftThrottleLock(scope: scope, key: key, by: $1) }) else {
                    throw ValidationError("no \(scope.rawValue) lock on '\(key)' is in force")
                }
                print("Lifted the \(scope.rawValue) lock on \(key)")
            }
        }
    }
}
