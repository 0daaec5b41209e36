// Hand-written helper beside the generated Wangzheng.swift: the fields every WangzhengError case
// carries, without a switch at each call site.
import Foundation

extension WangzhengError {
    /// The stable error number (the C status and the Rust `ErrorCode`; docs/FORMAT.md, "Errors").
    ///
    /// An exhaustive switch with no `default`: when the library gains an error case, this file
    /// stops compiling until the case is added here.
    public var code: Int32 {
        switch self {
        case .Malformed(let code, _): return code
        case .NonCanonical(let code, _): return code
        case .TooLarge(let code, _): return code
        case .Unsupported(let code, _): return code
        case .WrongKind(let code, _): return code
        case .BadSignature(let code, _): return code
        case .WeakKey(let code, _): return code
        case .UnknownIssuer(let code, _): return code
        case .DeviceKeyMismatch(let code, _): return code
        case .NotYetValid(let code, _): return code
        case .Expired(let code, _): return code
        case .StalePresentation(let code, _): return code
        case .Replayed(let code, _): return code
        case .LevelTooLow(let code, _): return code
        case .MissingAttribute(let code, _): return code
        case .DisclosureMismatch(let code, _): return code
        case .AudienceMismatch(let code, _): return code
        case .NonceMismatch(let code, _): return code
        case .RequestMismatch(let code, _): return code
        case .Revoked(let code, _): return code
        case .Suspended(let code, _): return code
        case .Superseded(let code, _): return code
        case .StatusUnavailable(let code, _): return code
        case .TrustListStale(let code, _): return code
        case .PasswordWrong(let code, _): return code
        case .PasswordLocked(let code, _): return code
        case .FaceMismatch(let code, _): return code
        case .ReceiptMismatch(let code, _): return code
        case .UnknownCredential(let code, _): return code
        case .CorruptStore(let code, _): return code
        case .InvalidArgument(let code, _): return code
        case .SignerFailed(let code, _): return code
        }
    }

    /// The short lowercase reason (no personal data, no secrets).
    public var reason: String {
        switch self {
        case .Malformed(_, let reason): return reason
        case .NonCanonical(_, let reason): return reason
        case .TooLarge(_, let reason): return reason
        case .Unsupported(_, let reason): return reason
        case .WrongKind(_, let reason): return reason
        case .BadSignature(_, let reason): return reason
        case .WeakKey(_, let reason): return reason
        case .UnknownIssuer(_, let reason): return reason
        case .DeviceKeyMismatch(_, let reason): return reason
        case .NotYetValid(_, let reason): return reason
        case .Expired(_, let reason): return reason
        case .StalePresentation(_, let reason): return reason
        case .Replayed(_, let reason): return reason
        case .LevelTooLow(_, let reason): return reason
        case .MissingAttribute(_, let reason): return reason
        case .DisclosureMismatch(_, let reason): return reason
        case .AudienceMismatch(_, let reason): return reason
        case .NonceMismatch(_, let reason): return reason
        case .RequestMismatch(_, let reason): return reason
        case .Revoked(_, let reason): return reason
        case .Suspended(_, let reason): return reason
        case .Superseded(_, let reason): return reason
        case .StatusUnavailable(_, let reason): return reason
        case .TrustListStale(_, let reason): return reason
        case .PasswordWrong(_, let reason): return reason
        case .PasswordLocked(_, let reason): return reason
        case .FaceMismatch(_, let reason): return reason
        case .ReceiptMismatch(_, let reason): return reason
        case .UnknownCredential(_, let reason): return reason
        case .CorruptStore(_, let reason): return reason
        case .InvalidArgument(_, let reason): return reason
        case .SignerFailed(_, let reason): return reason
        }
    }
}
