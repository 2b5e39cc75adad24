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
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            guard let role = Staff.Role(rawValue: role) else {
                throw ValidationError("--role must be teacher, technician or admin, not '\(role)'")
            }
            let name = displayName ?? username
            var hash: String?
            if passwordStdin {
                let password = readLine(strippingNewline: true) ?? ""
                if let problem = PasswordPolicy(rules: PasswordRules()).check(password, confirm: password,
                                                                               personal: [username, name]) {
                    throw ValidationError("password refused: \(problem.message)")
                }
                hash = try PasswordHasher(parameters: HashParameters()).hash(PasswordPolicy.normalized(password))
            }
            let store = try database.open(root: try ResourceRoot.locate())
            try store.addStaff(Staff(username: username, displayName: name, role: role, passwordHash: hash, at: Date()))
            print("Added \(role.rawValue) \(username) (\(name)), signing in \(hash == nil ? "through PAM" : "with a local password")")
        }
    }
}

/// `homeroom staff list`.
struct ListStaff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the staff accounts.")
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let store = try database.open(root: try ResourceRoot.locate())
            print("username\trole\tsigns in with\tdisplay name")
            for staff in try store.allStaff() {
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
            let store = try database.open(root: try ResourceRoot.locate())
            guard try store.removeStaff(username: username) else { throw ValidationError("no staff account '\(username)'") }
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
            let store = try database.open(root: try ResourceRoot.locate())
            guard try store.setStaffRole(username: username, role: role, at: Date()) else {
                throw ValidationError("no staff account '\(username)'")
            }
            print("\(username) is now \(role.rawValue)")
        }
    }
}
