import Foundation
import HomeroomCore

/// One student in a list: what a technician or teacher needs, never a hash.
struct StudentRow: Sendable {
    let studentID: String
    let username: String
    let name: String
    let school: String
    let grade: String
    let state: String
    let claimed: Bool
    let locked: Bool

    init(_ student: StudentOverview, now: Date, t: Messages) {
        studentID = student.studentID
        username = student.username
        name = "\(student.lastName), \(student.firstName)"
        school = student.school ?? ""
        grade = student.grade ?? ""
        state = t["admin.states." + student.state]
        claimed = student.claimedAt != nil
        locked = !student.locks(at: now).isEmpty
    }
}

/// `admin/search.mustache`: the technician console's search.
struct AdminSearchPage: PageModel {
    static let template = Template.adminSearch
    let chrome: Chrome
    let query: String
    let results: [StudentRow]
    let searched: Bool
    let hasResults: Bool
    /// The results table's caption, or the sentence saying nothing matched.
    let resultsCaption: String
    let isAdmin: Bool
    /// When the roster was last imported, and its counts.
    let lastImport: String
    /// Letters and badges for the results.
    let picker: PrintPicker?
}

/// One audit event as shown in the console.
struct EventRow: Sendable {
    let at: String
    let action: String
    let outcome: String
    let reason: String
    let address: String
    let actor: String

    init(_ event: AuditEvent) {
        at = event.at.formatted(.iso8601)
        action = event.action.rawValue
        outcome = event.outcome.rawValue
        reason = event.reason ?? ""
        address = event.clientAddress
        actor = event.actor ?? ""
    }
}

/// A button that leads to an action's confirmation.
struct ActionButton: Sendable {
    let path: String
    let label: String
}

/// `admin/student.mustache`: one student's state, locks, recent events and actions.
struct AdminStudentPage: PageModel {
    static let template = Template.adminStudent
    let chrome: Chrome
    let student: StudentRow
    let homeroomTeacher: String
    /// `homeroomTeacher` percent-encoded for the link to the homeroom's page.
    var homeroomTeacherQuery: String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&+=#")
        return homeroomTeacher.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
    let locks: [String]
    let hasLocks: Bool
    let events: [EventRow]
    let actions: [ActionButton]
    let notice: String?
    /// A letter or badge for this student (active students only).
    let picker: PrintPicker?
}

/// A hidden field carried from the action's form to its confirmation.
struct HiddenField: Sendable {
    let name: String
    let value: String
}

/// `admin/confirm.mustache`: "are you sure?" before any change.
struct ConfirmPage: PageModel {
    static let template = Template.adminConfirm
    let chrome: Chrome
    let heading: String
    let consequence: String
    let path: String
    let fields: [HiddenField]
    let confirmLabel: String
    let cancelPath: String
}

/// One staff account on `admin/staff.mustache`.
struct StaffRow: Sendable {
    /// A role in the role menu.
    struct RoleOption: Sendable {
        let value: String
        let name: String
        let selected: Bool

        static func all(_ t: Messages, selected: Staff.Role? = nil) -> [RoleOption] {
            Staff.Role.allCases.map { RoleOption(value: $0.rawValue, name: $0.name(in: t), selected: $0 == selected) }
        }
    }

    let username: String
    let displayName: String
    let roleName: String
    let signsIn: String
    let isSelf: Bool
    let roles: [RoleOption]
    let roleLabel: String
    let removeLabel: String

    init(_ staff: Staff, current: String, t: Messages) {
        username = staff.username
        displayName = staff.displayName
        roleName = staff.role.name(in: t)
        signsIn = t[staff.passwordHash == nil ? "admin.staff.pam" : "admin.staff.localPassword"]
        isSelf = staff.username == current
        roles = RoleOption.all(t, selected: staff.role)
        roleLabel = t.format("admin.staff.roleOf", ["username": username])
        removeLabel = t.format("admin.staff.removeNamed", ["username": username])
    }
}

/// `admin/staff.mustache`: staff accounts and roles (admins only).
struct AdminStaffPage: PageModel {
    static let template = Template.adminStaff
    let chrome: Chrome
    let staff: [StaffRow]
    /// The role menu of the form that adds an account.
    let newRoles: [StaffRow.RoleOption]
    var notice: String?
    var error: String?
}

/// `admin/homeroom.mustache`: a teacher's homeroom, who has claimed and who has not.
struct HomeroomPage: PageModel {
    static let template = Template.adminHomeroom
    let chrome: Chrome
    let students: [HomeroomRow]
    let hasStudents: Bool
    /// How many have claimed, or (with no students) what the teacher should check.
    let summary: String
    let caption: String
    let notice: String?
    /// Letters and badges for the homeroom.
    let picker: PrintPicker?
}

extension Staff.Role {
    /// The role's name in the page's language.
    func name(in t: Messages) -> String { t["admin.staff.roles." + rawValue] }
}

/// One registered app on `admin/apps.mustache`.
struct AppRow: Sendable {
    let clientID: String
    let name: String
    let kind: String
    let redirectURIs: String
    let removeLabel: String
    let secretLabel: String
    let isConfidential: Bool

    init(_ client: OIDCClient, t: Messages) {
        clientID = client.clientID
        name = client.name
        kind = t[client.isPublic ? "admin.apps.public" : "admin.apps.confidential"]
        redirectURIs = client.settings.redirectURIs.joined(separator: " ")
        removeLabel = t.format("admin.apps.removeNamed", ["name": client.name])
        secretLabel = t.format("admin.apps.secretNamed", ["name": client.name])
        isConfidential = !client.isPublic
    }
}

/// A role's checkbox on the register form.
struct RoleBox: Sendable {
    let name: String
    let label: String
}

/// `admin/apps.mustache`: the registered apps, the register form, key rotation (admins only).
struct AdminAppsPage: PageModel {
    static let template = Template.adminApps
    let chrome: Chrome
    let apps: [AppRow]
    let roles: [RoleBox]
    let discoveryURL: String
    var notice: String?
    var error: String?
}

/// `admin/app-secret.mustache`: a new app's client id and secret, shown this once.
struct AppSecretPage: PageModel {
    static let template = Template.adminAppSecret
    let chrome: Chrome
    let name: String
    let clientID: String
    let secret: String?
    let discoveryURL: String
}
