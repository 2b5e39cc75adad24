import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom staff …`: the staff accounts.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Manage staff accounts.",
        subcommands: [AddStaff.self, ListStaff.self, RemoveStaff.self, SetStaffRole.self])
}

/// `homeroom staff add USERNAME --role teacher|technician|admin [--display-name NAME] [--password-stdin]`.
struct AddStaff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a staff account. Without --password-stdin it signs in through PAM.")

    @Argument(help: "The username, as PAM knows it (lower case).") var username: String
    @Option(help: "teacher, technician or admin.") var role: String
    @Option(help: "The name shown and greeted; a teacher's must match the roster's homeroom_teacher.")
    var displayName: String?
    @Flag(help: "Read a local password from the first line of standard input.") var passwordStdin = false
    @Option(help: "Their own email address, for single sign-on (else USERNAME@ the staff domain).") var email: String?
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            guard let role = Staff.Role(rawValue: role) else {
                throw ValidationError("--role must be teacher, technician or admin, not '\(role)'")
            }
            let name = displayName ?? username
            let password = passwordStdin ? readLine(strippingNewline: true) ?? "" : nil
            do {
                try await database.administering {
                    try await $0.addStaff(username: username, displayName: name, role: role, password: password, email: email, by: $1)
                }
            } catch StaffError.passwordRefused(let problem) {
                let english = try MessageCatalog(directory: try ResourceRoot.locate().messages)[.en]
                throw ValidationError("password refused: \(english.text(problem.message))")
            }
            print("Added \(role.rawValue) \(username) (\(name)), signing in \(password == nil ? "through PAM" : "with a local password")")
        }
    }
}

/// `homeroom staff list`.
struct ListStaff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the staff accounts.")
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let store = try await database.open(root: try ResourceRoot.locate())
            print("username\trole\tsigns in with\tdisplay name")
            for staff in try await store.allStaff() {
                print("\(staff.username)\t\(staff.role.rawValue)\t\(staff.passwordHash == nil ? "PAM" : "local password")\t\(staff.displayName)")
            }
        }
    }
}

/// `homeroom staff remove USERNAME`.
struct RemoveStaff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a staff account and end its sessions.")
    @Argument(help: "The staff username.") var username: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            try await database.administering { try await $0.removeStaff(username: username, by: $1) }
            print("Removed \(username)")
        }
    }
}

/// `homeroom staff set-role USERNAME --role teacher|technician|admin`.
struct SetStaffRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Give a staff account another role.")
    @Argument(help: "The staff username.") var username: String
    @Option(help: "teacher, technician or admin.") var role: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            guard let role = Staff.Role(rawValue: role) else {
                throw ValidationError("--role must be teacher, technician or admin, not '\(role)'")
            }
            try await database.administering { try await $0.setStaffRole(username: username, role: role, by: $1) }
            print("\(username) is now \(role.rawValue)")
        }
    }
}
