<?php
// Innstillinger – ikke rør
define('DB_USER', 'demo_wp');
define('DB_PASSWORD', 'påske');
