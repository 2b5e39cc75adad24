import Foundation

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

    init(_ student: StudentOverview, now: Date) {
        studentID = student.studentID
        username = student.username
        name = "\(student.lastName), \(student.firstName)"
        school = student.school ?? ""
        grade = student.grade ?? ""
        state = student.state
        claimed = student.claimedAt != nil
        locked = !student.locks(at: now).isEmpty
    }
}

/// `admin/search.mustache`: the technician console's search.
struct AdminSearchPage: Sendable {
    let chrome: Chrome
    let query: String
    let results: [StudentRow]
    let searched: Bool
    let hasResults: Bool
    let isAdmin: Bool
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
        action = event.action
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
struct AdminStudentPage: Sendable {
    let chrome: Chrome
    let student: StudentRow
    let homeroomTeacher: String
    let locks: [String]
    let hasLocks: Bool
    let events: [EventRow]
    let actions: [ActionButton]
    let notice: String?
}

/// A hidden field carried from the action's form to its confirmation.
struct HiddenField: Sendable {
    let name: String
    let value: String
}

/// `admin/confirm.mustache`: "are you sure?" before any change.
struct ConfirmPage: Sendable {
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
        let selected: Bool
    }

    let username: String
    let displayName: String
    let role: String
    let signsIn: String
    let isSelf: Bool
    let roles: [RoleOption]

    init(_ staff: Staff, current: String) {
        username = staff.username
        displayName = staff.displayName
        role = staff.role.rawValue
        signsIn = staff.passwordHash == nil ? "PAM" : "local password"
        isSelf = staff.username == current
        roles = Staff.Role.allCases.map { RoleOption(value: $0.rawValue, selected: $0 == staff.role) }
    }
}

/// `admin/staff.mustache`: staff accounts and roles (admins only).
struct AdminStaffPage: Sendable {
    let chrome: Chrome
    let staff: [StaffRow]
    var notice: String?
    var error: String?
}

/// `admin/homeroom.mustache`: a teacher's homeroom, who has claimed and who has not.
struct HomeroomPage: Sendable {
    let chrome: Chrome
    let teacher: String
    let students: [StudentRow]
    let hasStudents: Bool
    let claimedCount: Int
    let total: Int
}
