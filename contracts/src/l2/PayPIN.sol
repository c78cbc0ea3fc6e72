// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title PayPIN
/// @notice Registry of human-readable payment IDs of the form `<name>@pay`, where
///         `<name>` is 3 to 32 characters of `[a-z0-9._-]`. A pin resolves to the
///         address that registered it, and `pay` forwards ether to that address.
/// @dev A genesis predeploy: the node writes only its runtime code, so nothing here
///      may depend on a constructor or an immutable. The node reads `owners`
///      directly from storage, so it must stay the first state variable (slot 0),
///      keyed by `keccak256(bytes(pin))` of the whole pin, suffix included.
contract PayPIN {
    /// @notice The owner of each pin, keyed by `keccak256(bytes(pin))`. Slot 0.
    mapping(bytes32 => address) public owners;

    /// @notice The hash of an address's primary pin, or zero. A pin becomes primary when
    ///         its new owner has none, and stops being so when it leaves that owner. Slot 1.
    mapping(address => bytes32) public primaryOf;

    // Length of the suffix every pin ends with.
    uint256 private constant SUFFIX_LENGTH = 4;
    uint256 private constant MIN_NAME_LENGTH = 3;
    uint256 private constant MAX_NAME_LENGTH = 32;

    /// @notice Emitted when `owner` registers `pin`.
    event Registered(bytes32 indexed pinHash, string pin, address indexed owner);
    /// @notice Emitted when a pin moves from `from` to `to`.
    event Transferred(bytes32 indexed pinHash, address indexed from, address indexed to);
    /// @notice Emitted when `owner` gives a pin up; it can be registered again.
    event Released(bytes32 indexed pinHash, address indexed owner);
    /// @notice Emitted when `value` wei sent by `from` is forwarded to `to`, the pin's owner.
    event Paid(bytes32 indexed pinHash, address indexed from, address indexed to, uint256 value);

    /// @notice `pin` is not of the form `<name>@pay` with a valid name.
    error InvalidPin(string pin);
    /// @notice `pin` is already bound to `owner`.
    error PinTaken(string pin, address owner);
    /// @notice `pin` is bound to no one.
    error PinUnbound(string pin);
    /// @notice `caller` tried to change a pin that `owner` holds.
    error NotPinOwner(address caller, address owner);
    /// @notice A pin cannot be given to the zero address.
    error ZeroAddress();
    /// @notice Forwarding `value` wei to `to` failed.
    error PaymentFailed(address to, uint256 value);

    /// @notice Binds `pin` to the caller. The first pin an address holds becomes its primary.
    /// @param pin The full pin, e.g. "alice@pay".
    function register(string calldata pin) external {
        if (!isValid(pin)) revert InvalidPin(pin);
        bytes32 pinHash = keccak256(bytes(pin));
        address current = owners[pinHash];
        if (current != address(0)) revert PinTaken(pin, current);

        owners[pinHash] = msg.sender;
        if (primaryOf[msg.sender] == bytes32(0)) primaryOf[msg.sender] = pinHash;
        emit Registered(pinHash, pin, msg.sender);
    }

    /// @notice Gives `pin` to `newOwner`. Only the pin's owner may do this.
    /// @dev The pin stops being the sender's primary and becomes `newOwner`'s if they have none.
    function transfer(string calldata pin, address newOwner) external {
        if (newOwner == address(0)) revert ZeroAddress();
        bytes32 pinHash = _ownedBySender(pin);

        owners[pinHash] = newOwner;
        if (primaryOf[msg.sender] == pinHash) delete primaryOf[msg.sender];
        if (primaryOf[newOwner] == bytes32(0)) primaryOf[newOwner] = pinHash;
        emit Transferred(pinHash, msg.sender, newOwner);
    }

    /// @notice Unbinds `pin` so that anyone may register it again. Only the pin's owner may do this.
    function release(string calldata pin) external {
        bytes32 pinHash = _ownedBySender(pin);

        delete owners[pinHash];
        if (primaryOf[msg.sender] == pinHash) delete primaryOf[msg.sender];
        emit Released(pinHash, msg.sender);
    }

    /// @notice The owner of `pin`, or the zero address if it is unbound (or malformed).
    function resolve(string calldata pin) external view returns (address) {
        return owners[keccak256(bytes(pin))];
    }

    /// @notice Forwards all of `msg.value` to the owner of `pin`.
    /// @dev Holds no funds between calls, so a reentrant call can only forward its own value.
    ///      The event is emitted before the external call (checks-effects-interactions).
    function pay(string calldata pin) external payable {
        bytes32 pinHash = keccak256(bytes(pin));
        address to = owners[pinHash];
        if (to == address(0)) revert PinUnbound(pin);

        emit Paid(pinHash, msg.sender, to, msg.value);
        (bool ok,) = to.call{value: msg.value}("");
        if (!ok) revert PaymentFailed(to, msg.value);
    }

    /// @notice Whether `pin` is `<name>@pay` with a name of 3 to 32 characters of `[a-z0-9._-]`.
    function isValid(string calldata pin) public pure returns (bool) {
        bytes calldata b = bytes(pin);
        uint256 n = b.length;
        if (n < MIN_NAME_LENGTH + SUFFIX_LENGTH || n > MAX_NAME_LENGTH + SUFFIX_LENGTH) return false;

        uint256 nameLength = n - SUFFIX_LENGTH;
        if (
            b[nameLength] != "@" || b[nameLength + 1] != "p" || b[nameLength + 2] != "a"
                || b[nameLength + 3] != "y"
        ) return false;

        for (uint256 i = 0; i < nameLength; ++i) {
            bytes1 c = b[i];
            bool ok = (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "." || c == "_" || c == "-";
            if (!ok) return false;
        }
        return true;
    }

    /// @dev The hash of `pin` if the caller owns it; reverts otherwise.
    function _ownedBySender(string calldata pin) private view returns (bytes32 pinHash) {
        pinHash = keccak256(bytes(pin));
        address current = owners[pinHash];
        if (current == address(0)) revert PinUnbound(pin);
        if (current != msg.sender) revert NotPinOwner(msg.sender, current);
    }
}
