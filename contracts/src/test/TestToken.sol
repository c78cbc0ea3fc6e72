// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title TestToken
/// @notice A plain ERC-20 for tests and the devnet: the whole supply is minted to the
///         deployer, and nothing is ever minted or burned after that.
/// @dev An allowance of `type(uint256).max` is never spent down, as is customary.
contract TestToken {
    /// @notice The token's name.
    string public name;
    /// @notice The token's ticker.
    string public symbol;
    /// @notice The number of tokens in existence, in base units.
    uint256 public totalSupply;
    /// @notice The balance of each holder, in base units.
    mapping(address => uint256) public balanceOf;
    /// @notice How much each spender may still move on each owner's behalf.
    mapping(address => mapping(address => uint256)) public allowance;

    /// @notice Emitted when `value` base units move from `from` to `to` (`from` is zero when minting).
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice Emitted when `owner` sets `spender`'s allowance to `value`.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice `sender` holds `balance` but tried to move `needed`.
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// @notice `spender` may move `allowance` but tried to move `needed`.
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// @notice Tokens cannot move from `sender`.
    error ERC20InvalidSender(address sender);
    /// @notice Tokens cannot move to `receiver`.
    error ERC20InvalidReceiver(address receiver);
    /// @notice `approver` cannot grant an allowance.
    error ERC20InvalidApprover(address approver);
    /// @notice `spender` cannot be granted an allowance.
    error ERC20InvalidSpender(address spender);

    /// @param name_ The token's name.
    /// @param symbol_ The token's ticker.
    /// @param supply The whole supply in base units, minted to the deployer.
    constructor(string memory name_, string memory symbol_, uint256 supply) {
        name = name_;
        symbol = symbol_;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    /// @notice Always 18.
    function decimals() external pure returns (uint8) {
        return 18;
    }

    /// @notice Moves `value` base units from the caller to `to`.
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    /// @notice Lets `spender` move up to `value` base units of the caller's tokens.
    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    /// @notice Moves `value` base units from `from` to `to`, spending the caller's allowance.
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert ERC20InsufficientAllowance(msg.sender, allowed, value);
            unchecked {
                allowance[from][msg.sender] = allowed - value;
            }
        }
        _transfer(from, to, value);
        return true;
    }

    function _transfer(address from, address to, uint256 value) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        uint256 balance = balanceOf[from];
        if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
        unchecked {
            // NB: the supply is fixed, so no balance can exceed totalSupply and `to`'s cannot overflow.
            balanceOf[from] = balance - value;
            balanceOf[to] += value;
        }
        emit Transfer(from, to, value);
    }

    function _approve(address owner, address spender, uint256 value) private {
        if (owner == address(0)) revert ERC20InvalidApprover(address(0));
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        allowance[owner][spender] = value;
        emit Approval(owner, spender, value);
    }
}
