import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom staff …`: the staff accounts.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Manage staff accounts.", subcommands: [AddStaff.self])
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
