package Cpanel::Admin::Modules::SecureReopen::Helper;

# secure-reopen's AdminBin module (installed as
# /var/cpanel/perl/Cpanel/Admin/Modules/SecureReopen/Helper.pm), following cPanel's
# "Admin module method". cPanel runs it as root for the logged-in user; it passes that user
# (from get_caller_username, i.e. from cPanel) and the action's parameters (as JSON on
# standard input) to the secure-reopen binary in helper mode, which validates everything
# again and answers with a UAPI-style result.

use strict;
use warnings;

use parent qw( Cpanel::Admin::Base );

use Cpanel::JSON ();
use IPC::Open3   ();
use Symbol       ();

use constant _actions => qw( AUDIT REOPEN SET_ACCOUNT_PASSWORD PREVIEW );

use constant HELPER => '/usr/local/cpanel/3rdparty/secure-reopen/secure-reopen';

sub AUDIT  { my ( $self, $params ) = @_; return $self->_run( 'audit',  $params ) }
sub REOPEN { my ( $self, $params ) = @_; return $self->_run( 'reopen', $params ) }
sub SET_ACCOUNT_PASSWORD { my ( $self, $params ) = @_; return $self->_run( 'set_account_password', $params ) }
sub PREVIEW { my ( $self, $params ) = @_; return $self->_run( 'preview', $params ) }

sub _run {
    my ( $self, $action, $params ) = @_;
    my $user = $self->get_caller_username();
    die "secure-reopen: no calling user\n" if !defined $user || !length $user;
    $params = {} if ref $params ne 'HASH';

    local %ENV = ( 'PATH' => '/usr/bin:/bin:/usr/sbin:/sbin' );
    my $err = Symbol::gensym();
    my $pid = IPC::Open3::open3( my $in, my $out, $err, HELPER, 'helper', '--caller', $user, $action );
    print {$in} Cpanel::JSON::Dump($params);
    close $in;
    my $output = do { local $/; <$out> };
    waitpid( $pid, 0 );

    my $answer = eval { Cpanel::JSON::Load($output) };
    return $answer if ref $answer eq 'HASH';
    return { 'status' => 0, 'errors' => ['The security helper gave no answer.'] };
}

1;
