package Cpanel::API::SecureReopen;

# secure-reopen's own UAPI module (installed as /usr/local/cpanel/Cpanel/API/SecureReopen.pm).
#
# The customer's page calls SecureReopen::audit and SecureReopen::reopen like any UAPI
# function (over HTTP with the customer's session, or batched). Both are handed to the
# root-side helper through cPanel's AdminBin mechanism, so the caller's identity is the
# session's, never something the request says. Only the parameters listed here are passed.
# The customer's address is the one cpsrvd set for this connection ($ENV{REMOTE_ADDR}, as
# cpsrvd sets it for every request it serves): a "remote" parameter is never read.

use strict;
use warnings;

use Cpanel::AdminBin::Call ();

our $VERSION = '1.0';

# Only accounts whose package has the feature may call this module (Cpanel/API.pm
# _verify_requirements): without it any cPanel user could. The feature is the one
# install_plugin registers from install.json (`id`, no `feature` key).
our %API = (
    _needs_feature => 'secure_reopen',
);

my %PARAMS = (
    'audit'  => [qw(event result details)],
    'reopen' => [qw(release)],
    'set_account_password' => [qw(password current)],
    'preview' => [],
);

sub audit  { return _relay( 'AUDIT',  'audit',  @_ ) }
sub reopen { return _relay( 'REOPEN', 'reopen', @_ ) }
sub set_account_password { return _relay( 'SET_ACCOUNT_PASSWORD', 'set_account_password', @_ ) }

# Lets the caller's own address (cpsrvd's REMOTE_ADDR) see their held website.
sub preview { return _relay( 'PREVIEW', 'preview', @_ ) }

# Checks the caller's current cPanel password without changing anything, with cPanel's own
# check for unprivileged code (Cpanel::Passwd::Check::is_correct, cpwrapd security/VALIDATE).
# Runs as the user; no AdminBin. The password travels only in this call's arguments.
sub check_password {
    my ( $args, $result ) = @_;
    my $password = $args->get('password');
    if ( !defined $password || !length $password ) {
        $result->raw_error('The “password” parameter is required.');
        return 0;
    }
    require Cpanel::Passwd::Check;
    my $ok = eval { Cpanel::Passwd::Check::is_correct($password) };
    if ( !defined $ok ) {
        $result->raw_error('cPanel could not check the password right now. Try again in a minute.');
        return 0;
    }
    $result->data( { 'correct' => $ok ? 1 : 0 } );
    return 1;
}

sub _relay {
    my ( $action, $name, $args, $result ) = @_;
    my %params;
    for my $key ( @{ $PARAMS{$name} } ) {
        my $value = $args->get($key);
        $params{$key} = $value if defined $value;
    }
    $params{'remote'} = $ENV{'REMOTE_ADDR'} if defined $ENV{'REMOTE_ADDR'};
    my $answer = eval { Cpanel::AdminBin::Call::call( 'SecureReopen', 'Helper', $action, \%params ) };
    if ( ref $answer ne 'HASH' ) {
        $result->raw_error( 'The security helper could not be reached. Try again in a minute.' );
        return 0;
    }
    if ( $answer->{'status'} ) {
        $result->data( $answer->{'data'} );
        return 1;
    }
    $result->raw_error( join( ' ', @{ $answer->{'errors'} || ['The security helper refused the request.'] } ) );
    return 0;
}

1;
