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

use Cpanel::JSON            ();
use Cpanel::SafeRun::Object ();

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

    # cPanel's own way to run a program from an admin module: stdout and stderr are read
    # while it runs (a chatty helper can never fill a pipe and hang), with a timeout below
    # AdminBin's own alarm (350 s). The parameters go on standard input, never in argv.
    local %ENV = ( 'PATH' => '/usr/bin:/bin:/usr/sbin:/sbin' );
    my $run = Cpanel::SafeRun::Object->new(
        program => HELPER,
        args    => [ 'helper', '--caller', $user, $action ],
        stdin   => Cpanel::JSON::Dump($params),
        timeout => 300,
    );
    return { 'status' => 0, 'errors' => ['The security helper took too long; try again in a minute.'] }
      if $run->timed_out();
    my $output = $run->stdout();

    my $answer = eval { Cpanel::JSON::Load($output) };
    return $answer if ref $answer eq 'HASH';
    return { 'status' => 0, 'errors' => ['The security helper gave no answer.'] };
}

1;
